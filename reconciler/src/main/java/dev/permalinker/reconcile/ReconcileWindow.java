package dev.permalinker.reconcile;

import java.time.Duration;
import java.time.Instant;

/**
 * The creation times a run queues jobs for: from {@code from} (inclusive, the lookback) to {@code to} (inclusive, the
 * grace). The reconciler's window is {@code [now - lookback, now - grace]}; a backfill's starts at {@code --since}.
 */
public record ReconcileWindow(Instant from, Instant to) {

    public ReconcileWindow {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("the window must start before it ends: " + from + " > " + to);
        }
    }

    /** {@code [now - lookback, now - grace]}. */
    public static ReconcileWindow of(Instant now, Duration lookback, Duration grace) {
        return new ReconcileWindow(now.minus(lookback), now.minus(grace));
    }

    public boolean isBefore(Instant created) {
        return created.isBefore(from);
    }

    public boolean isAfter(Instant created) {
        return created.isAfter(to);
    }
}
