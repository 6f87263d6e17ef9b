package dev.permalinker.cma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.model.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
}
