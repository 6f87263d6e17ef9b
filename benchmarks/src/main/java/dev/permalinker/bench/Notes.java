package dev.permalinker.bench;

/** The part of RESULTS.md a measurement cannot write: why a target is missed and what would close it. */
final class Notes {
    static final String TEXT = """
            ## Reading the figures

            - **Write rate.** The worker plans on `CS_RATE_SHARE` (default 0.8) of the organisation's limit L, so
              the clean storm's target is ≥ 0.95 of 0.8 L, not of L: the rest belongs to the organisation's other
              clients. Its limiter judges whole seconds (AIMD): more than a tenth of a second's answers 429 halves
              the rate, an occasional 429 or a nearly spent budget (`X-RateLimit-Remaining`) eases it by a tenth, a
              clean second climbs a tenth of the ceiling. In the fault run the injected 429s arrive at random,
              whatever the rate, so every second carries some: the rate settles where clean seconds and eased ones
              balance. Against a real CMA a 429 means the budget is spent, and slowing down is the contract; the
              fault run's figures to hold are lost = 0, written twice = 0 and 1.000 PUT per asset.
            - **Ingest core vs floor.** The floor is the cheapest HMAC (a keyed `Mac`, reused) plus one tree parse.
              With HMAC signing the whole ingest core is about 2 × the floor: the contract's extra work (a second
              verifier, `triggered_at` and the replay window, identifier checks, the job's SHA-256 deduplication
              id). With Contentstack's certificate signature (its default) the core is dominated by one RSA-PSS
              2048 verification, about 40 µs: the price of a signature nobody has to share. Both are microseconds
              against the SQS `SendMessage` round trip (milliseconds).
            - **Cold start.** Measured the way Lambda starts a function: AWS's runtime interface client loads the
              shaded jar by its handler string in a fresh JVM. Most of the time is first use: class loading and
              initialising the AWS SDK (SQS client, endpoint rules, signer), our JSON mapper, and for the
              certificate method the HTTP client and the key fetch (about 170 ms). What is ours was made small:
              stream handlers with our own codec (no reflection-based serializer, 150-200 ms less than the POJO
              handlers measured the same way), one url-connection HTTP client for AWS, Lambda's credentials without
              the default chain's probes, no Secrets Manager client, 7.3 MB jars. On AWS, SnapStart restores the
              initialised JVM (the key fetch included) with the request path already run once by the priming hooks
              (section 6): a restored container's first request then costs about what a warm one does.
            - **HTTP throughput.** wrk and the server share the same two cores, and every request does a real
              `SendMessage` to ElasticMQ in the same JVM; the figure is the local runner's, not API Gateway's.
            """;

    private Notes() {
    }
}
