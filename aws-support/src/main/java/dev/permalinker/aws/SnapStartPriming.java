package dev.permalinker.aws;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A function's SnapStart priming: before Lambda takes the snapshot of a published version ({@code beforeCheckpoint}),
 * {@link #run()} goes through the request path once, so a restored container does not pay the first request's
 * class loading and first pass. Its log lines carry {@code "phase":"priming"}; a failure is logged and never fails
 * init (the function works, its first request after a restore is slower).
 * https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks-java.html
 *
 * @param <R> what one run reports
 */
public abstract class SnapStartPriming<R> implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);

    /**
     * Registers with the CRaC global context, which holds resources weakly: the caller keeps the instance
     * referenced (a handler field).
     */
    public final void register() {
        Core.getGlobalContext().register(this);
    }

    @Override
    public final void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public final void afterRestore(Context<? extends Resource> context) {
        restored();
        LOG.atInfo().addKeyValue("phase", "restore").log("restored from the SnapStart snapshot");
    }

    /** Runs the priming now; what it did, or {@link #incomplete()} after a failure. */
    public final R prime() {
        long started = System.nanoTime();
        MDC.put("phase", "priming");
        try {
            R report = run();
            LOG.atInfo().addKeyValue("report", report)
                    .addKeyValue("durationMs", (System.nanoTime() - started) / 1_000_000)
                    .log("SnapStart priming done");
            return report;
        } catch (Exception | LinkageError e) {
            LOG.atWarn().addKeyValue("detail", e.toString()).log("SnapStart priming incomplete; the function works, "
                    + "its first request after a restore is slower");
            return incomplete();
        } finally {
            MDC.remove("phase");
        }
    }

    /** The request path, without side effects a user would see: no real message, no CMA call, no secret. */
    protected abstract R run() throws Exception;

    /** The report of a run that failed. */
    protected abstract R incomplete();

    /** After a restore: re-seed what must differ per container. Nothing by default. */
    protected void restored() {
    }

    /**
     * One read-only call on the real SQS client ({@code GetQueueAttributes}): warms the SDK's pipeline, signer,
     * credentials and HTTP client. True when SQS answered.
     */
    protected static boolean readQueue(SqsClient sqs, String queueUrl) {
        try {
            sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
            return true;
        } catch (SdkException e) {
            LOG.atWarn().addKeyValue("detail", e.getClass().getSimpleName())
                    .log("SnapStart priming: GetQueueAttributes failed");
            return false;
        }
    }
}
