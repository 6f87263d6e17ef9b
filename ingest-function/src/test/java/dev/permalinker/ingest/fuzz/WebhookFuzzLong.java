package dev.permalinker.ingest.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** The long fuzzing run of each target: {@code mvn -B verify -Pfuzz -pl ingest-function -am}. */
class WebhookFuzzLong {
    @FuzzTest(maxDuration = "10m")
    void certificateVerifier(FuzzedDataProvider data) {
        WebhookFuzzTargets.certificateVerifier(data);
    }

    @FuzzTest(maxDuration = "10m")
    void hmacVerifier(FuzzedDataProvider data) {
        WebhookFuzzTargets.hmacVerifier(data);
    }

    @FuzzTest(maxDuration = "10m")
    void headerVerifiers(FuzzedDataProvider data) {
        WebhookFuzzTargets.headerVerifiers(data);
    }

    @FuzzTest(maxDuration = "10m")
    void servicePath(FuzzedDataProvider data) {
        WebhookFuzzTargets.servicePath(data);
    }
}
