package dev.permalinker.ingest.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.permalinker.ingest.InboundRequest;
import dev.permalinker.signing.CertificateSignature;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Contentstack's default certificate signature: RSA-PSS (SHA-256, MGF1-SHA-256, salt 32) over the raw body, signed
 * here with key pairs generated in the test and the JDK's own signer.
 */
class CertificateSignatureVerifierTest {
    private static final KeyPair CONTENTSTACK = generate();
    private static final KeyPair OTHER = generate();
    private static final byte[] BODY = "{\"module\":\"asset\",\"event\":\"create\"}".getBytes(StandardCharsets.UTF_8);

    private long now = 0;
    private final List<PublicKey> published = new ArrayList<>(List.of(CONTENTSTACK.getPublic()));
    private volatile int fetches;
    private volatile boolean fetchFails;
    private volatile CountDownLatch fetchStarted = new CountDownLatch(0);
    private volatile CountDownLatch release = new CountDownLatch(0);

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(KeyPair pair, byte[] body) {
        return sign(pair, body, 32);
    }

    static String sign(KeyPair pair, byte[] body, int salt) {
        try {
            Signature signature = Signature.getInstance("RSASSA-PSS");
            signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, salt, 1));
            signature.initSign(pair.getPrivate());
            signature.update(body);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private SigningKeySource fetchingKeys() {
        return SigningKeySource.fetched(() -> {
            fetches++;
            fetchStarted.countDown();
            release.await();
            if (fetchFails) {
                throw new java.io.IOException("unreachable");
            }
            return published.get(published.size() - 1);
        }, () -> now);
    }

    private static RequestVerifier.Verdict verify(CertificateSignatureVerifier verifier, String header, byte[] body) {
        return verifier.verify(new InboundRequest("POST", "/", header == null ? Map.of()
                : Map.of("x-contentstack-request-signature", header), body));
    }

    private final CertificateSignatureVerifier verifier =
            new CertificateSignatureVerifier(SigningKeySource.fixed(CONTENTSTACK.getPublic()));

    @Test
    void signedByContentstack_passes() {
        assertThat(verify(verifier, "v1=" + sign(CONTENTSTACK, BODY), BODY).passed()).isTrue();
    }

    @Test
    void commaSeparatedElements_theV1IsTaken() {
        assertThat(verify(verifier, "t=1763630047, v1=" + sign(CONTENTSTACK, BODY), BODY).passed()).isTrue();
    }

    @Test
    void missingOrEmptyHeader_failsNamingTheHeader() {
        assertThat(verify(verifier, null, BODY).reason()).isEqualTo("missing header X-Contentstack-Request-Signature");
        assertThat(verify(verifier, "", BODY).reason()).isEqualTo("missing header X-Contentstack-Request-Signature");
    }

    @Test
    void noV1_fails() {
        assertThat(verify(verifier, sign(CONTENTSTACK, BODY), BODY).reason()).contains("has no v1 signature");
    }

    @Test
    void v1NotBase64_failsWithoutEchoingIt() {
        RequestVerifier.Verdict verdict = verify(verifier, "v1=%%%not*base64%%%", BODY);

        assertThat(verdict.reason()).endsWith("v1 is not base64").doesNotContain("not*base64");
    }

    @Test
    void signatureOfTheWrongLength_fails() {
        String shortSignature = Base64.getEncoder().encodeToString(new byte[128]);

        assertThat(verify(verifier, "v1=" + shortSignature, BODY).passed()).isFalse();
    }

    @Test
    void signatureOfOtherBytes_orWhitespaceChangedAfterSigning_fails() {
        byte[] reformatted = "{\"module\": \"asset\",\"event\":\"create\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(verify(verifier, "v1=" + sign(CONTENTSTACK, BODY), reformatted).reason())
                .endsWith("does not verify with Contentstack's key");
    }

    @Test
    void signedWithAnotherRsaKey_fails() {
        assertThat(verify(verifier, "v1=" + sign(OTHER, BODY), BODY).passed()).isFalse();
    }

    @Test
    void keyRotated_refetchedOnceAndThenPasses() {
        CertificateSignatureVerifier rotating = new CertificateSignatureVerifier(fetchingKeys());
        published.add(OTHER.getPublic());
        now += Duration.ofMinutes(6).toNanos();

        assertThat(verify(rotating, "v1=" + sign(OTHER, BODY), BODY).passed()).isTrue();
        assertThat(fetches).isEqualTo(2);
        assertThat(verify(rotating, "v1=" + sign(OTHER, BODY), BODY).passed()).isTrue();
        assertThat(fetches).as("the new key is kept").isEqualTo(2);
    }

    @Test
    void saltMaximumForTheKeySize_accepted_andSaltReported() {
        byte[] signature = Base64.getDecoder().decode(sign(CONTENTSTACK, BODY, 222));

        assertThat(verify(verifier, "v1=" + sign(CONTENTSTACK, BODY, 222), BODY).passed()).isTrue();
        assertThat(CertificateSignature.maximumSalt(CONTENTSTACK.getPublic())).isEqualTo(222);
        assertThat(CertificateSignature.matchingSalt(CONTENTSTACK.getPublic(), List.of(signature), BODY))
                .isEqualTo(222);
        assertThat(CertificateSignature.matchingSalt(CONTENTSTACK.getPublic(),
                List.of(Base64.getDecoder().decode(sign(CONTENTSTACK, BODY))), BODY)).isEqualTo(32);
    }

    @Test
    void saltNeither32NorTheMaximum_fails() {
        assertThat(verify(verifier, "v1=" + sign(CONTENTSTACK, BODY, 20), BODY).passed()).isFalse();
        assertThat(verify(verifier, "v1=" + sign(CONTENTSTACK, BODY, 0), BODY).passed()).isFalse();
    }

    @Test
    void maximumSalt_followsTheKeySize() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(3072);
        KeyPair large = generator.generateKeyPair();

        assertThat(CertificateSignature.maximumSalt(large.getPublic())).isEqualTo(384 - 32 - 2);
        assertThat(verify(new CertificateSignatureVerifier(SigningKeySource.fixed(large.getPublic())),
                "v1=" + sign(large, BODY, 350), BODY).passed()).isTrue();
    }

    @Test
    void bareHexWithoutV1_failsNamingTheCheck() {
        String oldStyle = "d7b6d307f35086885f64a8a8d7b6d307f35086885f64a8a8d7b6d307f3508688";

        assertThat(verify(verifier, oldStyle, BODY).reason())
                .isEqualTo("X-Contentstack-Request-Signature has no v1 signature (expected v1=<base64>)")
                .doesNotContain(oldStyle);
    }

    @Test
    void keyRotatedRightAfterStart_refetchedAtTheFirstFailure() {
        CertificateSignatureVerifier rotating = new CertificateSignatureVerifier(fetchingKeys());
        published.add(OTHER.getPublic());

        assertThat(verify(rotating, "v1=" + sign(OTHER, BODY), BODY).passed()).isTrue();
        assertThat(fetches).as("init, then one refetch, with no time passed").isEqualTo(2);
    }

    @Test
    void forgedFlood_atMostOneFetchAMinute_whenTheKeyWasFetched() {
        CertificateSignatureVerifier rotating = new CertificateSignatureVerifier(fetchingKeys());

        for (int i = 0; i < 50; i++) {
            assertThat(verify(rotating, "v1=" + sign(OTHER, BODY), BODY).passed()).isFalse();
        }
        assertThat(fetches).isEqualTo(2);
        now += Duration.ofSeconds(59).toNanos();
        for (int i = 0; i < 50; i++) {
            verify(rotating, "v1=" + sign(OTHER, BODY), BODY);
        }
        assertThat(fetches).isEqualTo(2);
        now += Duration.ofSeconds(1).toNanos();
        for (int i = 0; i < 50; i++) {
            verify(rotating, "v1=" + sign(OTHER, BODY), BODY);
        }
        assertThat(fetches).isEqualTo(3);
    }

    @Test
    void concurrentFailures_oneFetchInFlight_theOthersWaitAndUseItsKey() throws Exception {
        CertificateSignatureVerifier rotating = new CertificateSignatureVerifier(fetchingKeys());
        published.add(OTHER.getPublic());
        fetchStarted = new CountDownLatch(1);
        release = new CountDownLatch(1);
        String signed = "v1=" + sign(OTHER, BODY);
        ExecutorService pool = Executors.newFixedThreadPool(1);
        List<Thread> others = new ArrayList<>();
        List<Boolean> passed = new CopyOnWriteArrayList<>();
        try {
            Future<Boolean> first = pool.submit(() -> verify(rotating, signed, BODY).passed());
            assertThat(fetchStarted.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 3; i++) {
                Thread other = new Thread(() -> passed.add(verify(rotating, signed, BODY).passed()));
                others.add(other);
                other.start();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> others.stream()
                    .allMatch(t -> t.getState() == Thread.State.BLOCKED));
            release.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
            for (Thread other : others) {
                other.join(10_000);
            }
            assertThat(passed).containsExactly(true, true, true);
            assertThat(fetches).as("init and one refetch, however many waited").isEqualTo(2);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void refetchFails_oldKeyKeptAnd401NotAnError() {
        CertificateSignatureVerifier rotating = new CertificateSignatureVerifier(fetchingKeys());
        fetchFails = true;
        now += Duration.ofMinutes(6).toNanos();

        assertThat(verify(rotating, "v1=" + sign(OTHER, BODY), BODY).passed()).isFalse();
        assertThat(verify(rotating, "v1=" + sign(CONTENTSTACK, BODY), BODY).passed()).isTrue();
    }
}
