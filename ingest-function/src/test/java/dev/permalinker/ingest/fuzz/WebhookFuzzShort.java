package dev.permalinker.ingest.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** A short fuzzing run of each target, in every {@code mvn verify} (one JVM per target: Jazzer fuzzes one). */
class WebhookFuzzShort {
    @FuzzTest(maxDuration = "5s")
    void certificateVerifier(FuzzedDataProvider data) {
        WebhookFuzzTargets.certificateVerifier(data);
    }

    @FuzzTest(maxDuration = "5s")
    void hmacVerifier(FuzzedDataProvider data) {
        WebhookFuzzTargets.hmacVerifier(data);
    }

    @FuzzTest(maxDuration = "5s")
    void headerVerifiers(FuzzedDataProvider data) {
        WebhookFuzzTargets.headerVerifiers(data);
    }

    @FuzzTest(maxDuration = "5s")
    void servicePath(FuzzedDataProvider data) {
        WebhookFuzzTargets.servicePath(data);
    }
}
