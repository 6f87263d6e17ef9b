package dev.permalinker.bench;

/** The part of RESULTS.md a measurement cannot write: why a target is missed and what would close it. */
final class Notes {
    static final String TEXT = """
            ## Reading the figures

            - **Write rate.** One adaptive limiter per worker container paces requests evenly at its share of
              `CS_RATE_LIMIT`; it halves on a 429 and climbs back by L/20 per success. In the fault run, extra 429s
              make it slow down on purpose, so its rate sits below L: that is the limiter doing its job against a
              throttling API, not lost capacity we could take.
            - **Cold start vs the target (≤ 4 × a bare JVM).** The whole-process figure is missed locally. Where the
              time goes (measured with the probes): JVM start ~45 ms; loading and initialising the AWS SDK (SQS client,
              endpoint rules, signer) and Jackson ~300 ms; the first request ~140 ms, most of it first-use class
              loading of the SDK's request pipeline and the first TCP connection. What is ours was made small: one
              explicit url-connection HTTP client, environment credentials, no Secrets Manager client (one signed call
              instead), no reflection-heavy frameworks, a 7.3 MB jar. What closes the gap on AWS is SnapStart, which
              the CDK stack enables on both functions: the initialised JVM is restored from a snapshot, so the init
              part (~70 % of this figure) is not paid on a cold start. Not measurable here (no Lambda), so reported as
              the lever, not as a figure. Locally, an AppCDS archive would cut class loading further.
            - **Ingest core vs floor.** The core does what the floor does plus a second verifier (shared secret,
              two SHA-256 for a constant-time comparison), schema checks, and the job's SHA-256 deduplication id and
              JSON. Those are the contract's, not overhead we can drop.
            """;

    private Notes() {
    }
}
