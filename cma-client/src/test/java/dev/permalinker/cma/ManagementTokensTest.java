package dev.permalinker.cma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.model.ConfigException;
import dev.permalinker.model.EnvReader;
import dev.permalinker.model.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManagementTokensTest {
    @Test
    void parsePairs_tokenPerStack() {
        ManagementTokens tokens = ManagementTokens.parsePairs("bltone=cs-1, blttwo = cs-2");

        assertThat(tokens.tokenFor("bltone")).isEqualTo("cs-1");
        assertThat(tokens.tokenFor("blttwo")).isEqualTo("cs-2");
        assertThat(tokens.missing(List.of("bltone", "bltthree"))).containsExactly("bltthree");
    }

    @Test
    void parsePairs_badEntry_namesItsPositionNotItsValue() {
        assertThatThrownBy(() -> ManagementTokens.parsePairs("bltone=cs-1,cs-secret-2"))
                .hasMessage("entry 2 must be apiKey=token");
    }

    @Test
    void parseObject_theSecretsJsonForm() throws Exception {
        ManagementTokens tokens = ManagementTokens.parseObject(JsonCodec.create()
                .readTree("{\"bltone\":\"cs-1\"}".getBytes(StandardCharsets.UTF_8)));

        assertThat(tokens.tokenFor("bltone")).isEqualTo("cs-1");
        assertThatThrownBy(() -> ManagementTokens.parseObject(JsonCodec.create()
                .readTree("[\"cs-1\"]".getBytes(StandardCharsets.UTF_8)))).hasMessageContaining("JSON object");
    }

    @Test
    void forStacks_oneTokenForOneStackOrAnyButNeverSeveral() {
        assertThat(ManagementTokens.forStacks(List.of("bltone"), "cs-1").has("blttwo")).isFalse();
        assertThat(ManagementTokens.forStacks(List.of(), "cs-1").tokenFor("blttwo")).isEqualTo("cs-1");
        assertThatThrownBy(() -> ManagementTokens.forStacks(List.of("bltone", "blttwo"), "cs-1"))
                .hasMessageContaining("CS_MANAGEMENTTOKENS").hasMessageNotContaining("cs-1");
    }

    @Test
    void requiredFromEnv_noTokenNorSecret_isTheCallersProblem() {
        EnvReader reader = new EnvReader(Map.of());

        assertThat(ManagementTokens.requiredFromEnv(reader, List.of("bltone"), "a token is needed")).isNull();
        assertThatThrownBy(() -> reader.throwIfProblems("test configuration"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("a token is needed");
    }

    @Test
    void requiredFromEnv_secretArnGiven_leavesTheTokensToFromSecret() {
        EnvReader reader = new EnvReader(Map.of("CS_MANAGEMENTTOKENS_SECRET_ARN", "arn:tokens"));

        assertThat(ManagementTokens.requiredFromEnv(reader, List.of("bltone"), "a token is needed")).isNull();
        reader.throwIfProblems("test configuration");
    }

    @Test
    void requiredFromEnv_stackWithoutToken_namedNeverTheToken() {
        EnvReader reader = new EnvReader(Map.of("CS_MANAGEMENTTOKENS", "bltone=cs-1"));

        ManagementTokens.requiredFromEnv(reader, List.of("bltone", "blttwo"), "a token is needed");

        assertThatThrownBy(() -> reader.throwIfProblems("test configuration"))
                .hasMessageContaining("no management token for the stack blttwo (CS_APIKEY)")
                .hasMessageNotContaining("a token is needed").hasMessageNotContaining("cs-1");
    }

    @Test
    void fromSecret_jsonObjectOrOneToken_everyStackChecked() {
        JsonCodec json = JsonCodec.create();

        assertThat(ManagementTokens.fromSecret(List.of("bltone"), null, "arn:tokens",
                arn -> "{\"bltone\":\"cs-1\"}", json, "test configuration").tokenFor("bltone")).isEqualTo("cs-1");
        assertThat(ManagementTokens.fromSecret(List.of("bltone"), "arn:token", null, arn -> "cs-1", json,
                "test configuration").tokenFor("bltone")).isEqualTo("cs-1");
        assertThatThrownBy(() -> ManagementTokens.fromSecret(List.of("bltone", "blttwo"), null, "arn:tokens",
                arn -> "{\"bltone\":\"cs-1\"}", json, "test configuration"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("test configuration is invalid")
                .hasMessageContaining("blttwo").hasMessageNotContaining("cs-1");
        assertThatThrownBy(() -> ManagementTokens.fromSecret(List.of("bltone"), null, "arn:tokens",
                arn -> "not json", json, "test configuration"))
                .hasMessageContaining("CS_MANAGEMENTTOKENS_SECRET_ARN (arn:tokens): must hold a JSON object");
    }
    @Test
    void fromEnv_tokensWithSurroundingWhiteSpace_trimmed() {
        EnvReader reader = new EnvReader(Map.of("CS_MANAGEMENTTOKENS", "bltone=cs-1\t, blttwo= cs-2 "));

        ManagementTokens tokens = ManagementTokens.fromEnv(reader, List.of("bltone", "blttwo"));

        assertThat(tokens.tokenFor("bltone")).isEqualTo("cs-1");
        assertThat(tokens.tokenFor("blttwo")).isEqualTo("cs-2");
        assertThat(ManagementTokens.forAnyStack("cs-any\r\n").tokenFor("bltany")).isEqualTo("cs-any");
    }

    @Test
    void fromEnv_tokenWithALineBreakOrAZeroWidthSpaceInside_problemNamesTheVariableAndStackNeverTheToken() {
        for (String bad : new String[] {"cs-7f3a\n9b2e", "cs-7f3a\u200B9b2e"}) {
            EnvReader pairs = new EnvReader(Map.of("CS_MANAGEMENTTOKENS", "bltone=cs-1,blttwo=" + bad));
            EnvReader single = new EnvReader(Map.of("CS_MANAGEMENTTOKEN", bad));

            ManagementTokens.fromEnv(pairs, List.of("bltone", "blttwo"));
            ManagementTokens.fromEnv(single, List.of("bltone"));

            assertThatThrownBy(() -> pairs.throwIfProblems("worker configuration"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("CS_MANAGEMENTTOKENS: the token for the stack blttwo holds a")
                    .hasMessageNotContaining("cs-7f3a").hasMessageNotContaining("9b2e");
            assertThatThrownBy(() -> single.throwIfProblems("worker configuration"))
                    .hasMessageContaining("CS_MANAGEMENTTOKEN: the token for the stack bltone holds a")
                    .hasMessageNotContaining("cs-7f3a").hasMessageNotContaining("9b2e");
        }
    }

    @Test
    void fromSecret_tokenWithATrailingNewline_trimmed_oneWithAZeroWidthSpace_refusedNamingTheSecret() {
        JsonCodec json = JsonCodec.create();

        assertThat(ManagementTokens.fromSecret(List.of("bltone"), "arn:token", null, arn -> "cs-1\n", json,
                "test configuration").tokenFor("bltone")).isEqualTo("cs-1");
        assertThatThrownBy(() -> ManagementTokens.fromSecret(List.of("bltone"), null, "arn:tokens",
                arn -> "{\"bltone\":\"cs-7f3a\\u200b9b2e\"}", json, "test configuration"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("CS_MANAGEMENTTOKENS_SECRET_ARN (arn:tokens): the token for the stack bltone "
                        + "holds a non-ASCII character")
                .hasMessageNotContaining("cs-7f3a").hasMessageNotContaining("9b2e");
        assertThatThrownBy(() -> ManagementTokens.fromSecret(List.of("bltone"), "arn:token", null,
                arn -> "cs-7f3a\r\n9b2e", json, "test configuration"))
                .hasMessageContaining("CS_MANAGEMENTTOKEN_SECRET_ARN (arn:token): the token for the stack bltone "
                        + "holds a control character")
                .hasMessageNotContaining("cs-7f3a").hasMessageNotContaining("9b2e");
    }
}
