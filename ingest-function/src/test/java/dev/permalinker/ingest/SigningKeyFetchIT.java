package dev.permalinker.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.model.JsonCodec;
import dev.permalinker.simulator.ContentstackSimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The certificate method's key, fetched over HTTP from the simulator's app host, then rotated. */
class SigningKeyFetchIT {
    private final ContentstackSimulator contentstack = ContentstackSimulator.start(0, "token", 10);
    private final MovableClock clock = new MovableClock(TestWebhooks.CLOCK.instant());
    private final RecordingPublisher publisher = new RecordingPublisher();

    /** A clock a test moves forward. */
    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @AfterEach
    void stop() {
        contentstack.close();
    }

    private IngestService service() {
        Map<String, String> env = new HashMap<>(TestWebhooks.env());
        env.remove("CS_SIGNING_PUBLIC_KEY");
        env.put("CS_SIGNING_KEY_URL", contentstack.signingKeyUrl().toString());
        env.put("CS_REPLAY_WINDOW", "P36500D");
        return IngestService.create(IngestConfig.fromEnv(env), JsonCodec.create(), publisher, clock);
    }

    private IngestResult deliver(IngestService service) {
        String body = TestWebhooks.fixture();
        Map<String, String> headers = new HashMap<>(TestWebhooks.headers(body));
        headers.put("x-contentstack-request-signature", contentstack.signCertificate(TestWebhooks.utf8(body)));
        return service.handle(new InboundRequest("POST", IngestService.PATH, headers, TestWebhooks.utf8(body)));
    }

    @Test
    void keyFetchedOnceAtInit_rotatedRightAfterStart_refetchedAtOnceAndAccepted() {
        IngestService service = service();
        assertThat(contentstack.signingKeys().fetches()).isEqualTo(1);
        assertThat(deliver(service).status()).isEqualTo(202);
        assertThat(contentstack.signingKeys().fetches()).as("no fetch per request").isEqualTo(1);

        contentstack.signingKeys().rotate();
        assertThat(deliver(service).status()).as("the init fetch does not count against the refetch limit")
                .isEqualTo(202);
        assertThat(contentstack.signingKeys().fetches()).isEqualTo(2);
        assertThat(deliver(service).status()).isEqualTo(202);
        assertThat(contentstack.signingKeys().fetches()).isEqualTo(2);

        contentstack.signingKeys().rotate();
        assertThat(deliver(service).status()).as("within a minute of the last refetch: the old key").isEqualTo(401);
        assertThat(contentstack.signingKeys().fetches()).isEqualTo(2);

        clock.advance(Duration.ofMinutes(1));
        assertThat(deliver(service).status()).isEqualTo(202);
        assertThat(contentstack.signingKeys().fetches()).isEqualTo(3);
    }

    @Test
    void keyUnreachableAtInit_startFailsWithAClearMessage() {
        contentstack.close();

        assertThatThrownBy(this::service).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot get Contentstack's webhook signing key");
    }
}
