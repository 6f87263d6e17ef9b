package dev.permalinker.model;

import java.time.Duration;
import java.util.Map;

/**
 * The release-actions consumer's times, read and checked by one rule wherever they are set: by the consumer at init
 * ({@code ActionsConfig}) and by the CDK app at synth ({@code ReleaseActions}), so a context the function would
 * refuse never deploys. Every bound's reason is next to it.
 *
 * @param debounce        {@code RELEASE_DEBOUNCE}: the quiet period after a release's last event before its action
 * @param maxWait         {@code RELEASE_MAX_WAIT}: the longest a release waits after its first event, quiet or not
 * @param hookTimeout     {@code RELEASE_HOOK_TIMEOUT}: connect and answer timeout of one hook call
 * @param functionTimeout {@code FUNCTION_TIMEOUT}: the consumer function's timeout, which one action must fit in
 */
public record ReleaseTimings(Duration debounce, Duration maxWait, Duration hookTimeout, Duration functionTimeout) {

    /** A minute of quiet: a release that Contentstack spreads at 200 executions/min has gaps far shorter. */
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofSeconds(60);
    /**
     * The longest quiet period (and the longest wait): one {@code ChangeMessageVisibility} hold (12 hours). Longer, a
     * message is received again and again until the queue's {@code maxReceiveCount} moves it to the DLQ without a
     * failure code. https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html
     */
    public static final Duration MAX_DEBOUNCE = Duration.ofHours(12);
    /**
     * Fifteen minutes: Contentstack sends at most 200 webhook executions a minute per organisation, so a release of
     * up to about 3,000 items has sent all its events by then and fires once, after its quiet period, as before. A
     * bigger release, or bulk publishing that never pauses, fires at fifteen minutes and once more after its last
     * events, instead of never ("Webhook rate limit":
     * https://www.contentstack.com/docs/developers/set-up-webhooks/webhook-limits). Unset with a longer
     * {@code RELEASE_DEBOUNCE}, the wait is that quiet period.
     */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofMinutes(15);
    /** Ten seconds: build hooks (Netlify, Vercel, Cloudflare Pages) answer at once and build afterwards. */
    public static final Duration DEFAULT_HOOK_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Thirty seconds, half the function's default timeout: a hook slower than that is broken, and a bound keeps
     * one action (hook, bus, the SQS call after it) inside one invocation.
     */
    public static final Duration MAX_HOOK_TIMEOUT = Duration.ofSeconds(30);
    /** The consumer's timeout on AWS (the CDK's {@code ReleaseActions}) and of the local runner's invocations. */
    public static final Duration DEFAULT_FUNCTION_TIMEOUT = Duration.ofSeconds(60);
    /**
     * One SQS call of the consumer (a summary, a retry, a hold, a dead letter), the SDK's retries included: the
     * {@code apiCallTimeout} of its SQS client.
     */
    public static final Duration SQS_CALL_TIMEOUT = Duration.ofSeconds(5);
    /**
     * One {@code PutEvents} call: the shared HTTP client's 2 s connect and 10 s socket timeouts (aws-support's
     * {@code AwsClients}).
     */
    public static final Duration BUS_CALL_TIMEOUT = Duration.ofSeconds(12);
    /** Kept back from the invocation's remaining time: answering the batch must still fit after the last call. */
    public static final Duration SAFETY_MARGIN = Duration.ofSeconds(2);

    /** Reads and checks the times from {@code reader}; problems are recorded in it, named by variable. */
    public static ReleaseTimings read(EnvReader reader, boolean hook, boolean bus) {
        Duration debounce = reader.duration("RELEASE_DEBOUNCE", DEFAULT_DEBOUNCE);
        if (debounce.compareTo(MAX_DEBOUNCE) > 0) {
            reader.problem("RELEASE_DEBOUNCE must be at most " + MAX_DEBOUNCE + " (one message hold), was "
                    + debounce);
        }
        // Unset, the wait is never shorter than the quiet period it bounds.
        Duration maxWait = reader.duration("RELEASE_MAX_WAIT",
                debounce.compareTo(DEFAULT_MAX_WAIT) > 0 ? debounce : DEFAULT_MAX_WAIT);
        if (maxWait.compareTo(MAX_DEBOUNCE) > 0 || maxWait.compareTo(debounce) < 0) {
            reader.problem("RELEASE_MAX_WAIT must be at least RELEASE_DEBOUNCE (" + debounce + ") and at most "
                    + MAX_DEBOUNCE + ", was " + maxWait);
        }
        Duration hookTimeout = reader.duration("RELEASE_HOOK_TIMEOUT", DEFAULT_HOOK_TIMEOUT);
        if (hookTimeout.compareTo(MAX_HOOK_TIMEOUT) > 0) {
            reader.problem("RELEASE_HOOK_TIMEOUT must be at most " + MAX_HOOK_TIMEOUT + ", was " + hookTimeout);
        }
        Duration functionTimeout = reader.duration("FUNCTION_TIMEOUT", DEFAULT_FUNCTION_TIMEOUT);
        ReleaseTimings timings = new ReleaseTimings(debounce, maxWait, hookTimeout, functionTimeout);
        Duration needed = timings.perAction(hook, bus).plus(SAFETY_MARGIN);
        if (needed.compareTo(functionTimeout) > 0) {
            reader.problem("one release action needs " + needed + " (RELEASE_HOOK_TIMEOUT " + (hook ? hookTimeout
                    : "unused") + ", PutEvents " + (bus ? BUS_CALL_TIMEOUT : "unused") + ", one SQS call "
                    + SQS_CALL_TIMEOUT + ", margin " + SAFETY_MARGIN + ") but FUNCTION_TIMEOUT is " + functionTimeout
                    + ": no action would ever start");
        }
        return timings;
    }

    /** {@link #read(EnvReader, boolean, boolean)} over {@code env}; throws every problem in one message. */
    public static ReleaseTimings fromEnv(Map<String, String> env, boolean hook, boolean bus) {
        EnvReader reader = new EnvReader(env);
        ReleaseTimings timings = read(reader, hook, bus);
        reader.throwIfProblems("release actions configuration");
        return timings;
    }

    /**
     * The longest one action can take, with the call that must follow it: every target's timeout, then one SQS call
     * (the retry or the dead letter). An action is started only when this still fits in the invocation.
     */
    public Duration perAction(boolean hook, boolean bus) {
        Duration total = SQS_CALL_TIMEOUT;
        if (hook) {
            total = total.plus(hookTimeout);
        }
        if (bus) {
            total = total.plus(BUS_CALL_TIMEOUT);
        }
        return total;
    }
}
