package dev.permalinker.cma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.cma.CmaAnswer.Kind;
import dev.permalinker.cma.CmaAnswerSamples.Sample;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.Region;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every recorded answer shape through the one classification the worker, the reconciler and trace read. */
class CmaAnswerTest {
    private static final JsonCodec JSON = JsonCodec.create();

    static List<Sample> samples() {
        return CmaAnswerSamples.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void of_everyRecordedShape_itsKind(Sample sample) {
        CmaAnswer answer = sample.response().answer();

        assertThat(answer.kind()).isEqualTo(sample.kind());
        assertThat(answer.status()).isEqualTo(sample.status());
        assertThat(answer.kind().retryable()).isEqualTo(sample.kind() == Kind.THROTTLED
                || sample.kind() == Kind.TRANSIENT);
    }

    @Test
    void samples_coverEveryKind() {
        Set<Kind> covered = samples().stream().map(Sample::kind).collect(Collectors.toSet());

        assertThat(covered).isEqualTo(EnumSet.allOf(Kind.class));
    }

    @Test
    void describe_statusCodeAndTheAnswersWords() {
        CmaAnswer answer = CmaResponse.of(422, "{\"error_message\":\"Asset was not found.\",\"error_code\":145,"
                + "\"errors\":{\"uid\":[\"is not valid.\"]}}", JSON).answer();

        assertThat(answer.describe()).isEqualTo("422 error_code 145: Asset was not found.; uid is not valid.");
        assertThat(answer.errorCode()).hasValue(CmaErrorCode.ASSET_NOT_FOUND);
        assertThat(CmaResponse.of(503, "", JSON).answer().describe()).isEqualTo("503");
    }

    @Test
    void regionHint_412Code109_wrongKeyOrRegionNamingTheRegionsHost() {
        CmaAnswer answer = CmaResponse.of(412, "{\"error_message\":\"Api key is invalid.\",\"error_code\":109}", JSON)
                .answer();

        assertThat(answer.wrongApiKeyOrRegion()).isTrue();
        assertThat(answer.regionHint(Region.EU))
                .isEqualTo("; wrong API key, or the stack is not in CS_REGION EU (eu-api.contentstack.com)");
    }

    @Test
    void regionHint_otherRefusal_namesTheRegion() {
        CmaAnswer answer = CmaResponse.of(401, "{\"message\":\"Unauthorized\"}", JSON).answer();

        assertThat(answer.kind()).isEqualTo(Kind.CREDENTIALS_REFUSED);
        assertThat(answer.wrongApiKeyOrRegion()).isFalse();
        assertThat(answer.regionHint(Region.NA)).isEqualTo("; region CS_REGION NA (api.contentstack.io)");
    }
}
