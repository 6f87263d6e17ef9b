package dev.permalinker.local;

import dev.permalinker.model.EnvReader;
import dev.permalinker.reconcile.ReconcileReport;
import dev.permalinker.reconcile.function.ReconcilerHandler;
import dev.permalinker.retry.Deadline;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconciler inside the local runner: every {@code RECONCILE_INTERVAL} (ISO-8601, default
 * {@value #DEFAULT_INTERVAL_TEXT}; {@code PT0S} turns it off) one run of the reconciler function, built by its own
 * composition root ({@link ReconcilerHandler#create}), sending to the embedded job queue. The first run comes one
 * interval after the start. Off, with one log line, when no stack is named ({@code CS_APIKEY}): the reconciler lists
 * a named stack's assets.
 */
public final class LocalReconciler implements AutoCloseable {
    static final String DEFAULT_INTERVAL_TEXT = "PT5M";
    /** As often as the AWS schedule's default ({@code permalinker:reconcileEveryMinutes} = 5). */
    static final Duration DEFAULT_INTERVAL = Duration.parse(DEFAULT_INTERVAL_TEXT);
    /** A local run may take as long as the reconciler function's timeout on AWS. */
    private static final Duration RUN_BUDGET = Duration.ofMinutes(2);
    private static final Logger LOG = LoggerFactory.getLogger(LocalReconciler.class);

    private final ReconcilerHandler reconciler;
    private final ScheduledExecutorService schedule;

    private LocalReconciler(ReconcilerHandler reconciler, ScheduledExecutorService schedule) {
        this.reconciler = reconciler;
        this.schedule = schedule;
    }

    /**
     * The reconciler for {@code env} (the pipeline's wired variables, {@code QUEUE_URL} and {@code SQS_ENDPOINT}
     * included), built by the function's own composition root and scheduled every {@code RECONCILE_INTERVAL};
     * {@code null} when off. A bad variable fails the start, naming it.
     */
    public static LocalReconciler start(Map<String, String> env) {
        Duration interval = interval(env);
        if (interval.isZero()) {
            LOG.atInfo().addKeyValue("outcome", "reconciler_off").log("reconciler off (RECONCILE_INTERVAL=PT0S)");
            return null;
        }
        if (new EnvReader(env).list("CS_APIKEY").isEmpty()) {
            LOG.atWarn().addKeyValue("outcome", "reconciler_off")
                    .log("reconciler off: set CS_APIKEY to name the stack(s) it reconciles");
            return null;
        }
        ReconcilerHandler reconciler = ReconcilerHandler.create(env);
        ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "reconciler");
            thread.setDaemon(true);
            return thread;
        });
        LocalReconciler local = new LocalReconciler(reconciler, schedule);
        schedule.scheduleWithFixedDelay(local::runQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.atInfo().addKeyValue("outcome", "reconciler_on").addKeyValue("detail", "every " + interval)
                .log("reconciler scheduled");
        return local;
    }

    /** {@code RECONCILE_INTERVAL}: a non-negative ISO-8601 duration. */
    static Duration interval(Map<String, String> env) {
        EnvReader reader = new EnvReader(env);
        Duration interval = reader.parsed("RECONCILE_INTERVAL", DEFAULT_INTERVAL, value -> {
            try {
                Duration parsed = Duration.parse(value);
                if (parsed.isNegative()) {
                    throw new IllegalArgumentException("must not be negative, was " + value);
                }
                return parsed;
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("must be an ISO-8601 duration such as PT5M (PT0S: off), was '"
                        + value + "'");
            }
        });
        reader.throwIfProblems("local runner configuration");
        return interval;
    }

    /** One run now, on the caller's thread (tests, and the schedule). */
    public ReconcileReport runOnce() throws InterruptedException {
        return reconciler.run(Deadline.after(RUN_BUDGET));
    }

    private void runQuietly() {
        try {
            runOnce();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The reconciler reports bad answers itself; anything else must not end the schedule.
            LOG.atWarn().addKeyValue("outcome", "reconcile_failed").addKeyValue("detail", e.toString())
                    .log("reconciler run failed; the next run tries again");
        }
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
