package dev.permalinker.reconcile;

import java.util.Map;

/**
 * What one scan of one stack and branch saw and did.
 *
 * @param scanned assets read from the pages (each counted once, even when a page shifted under a new upload)
 * @param queued  jobs sent (or, on a dry run, that would have been)
 * @param skipped assets not queued, by reason
 * @param reads   CMA reads spent (pages requested, answered or not)
 * @param problem why the scan ended early, or {@code null} when it reached its window's end
 */
public record StackScan(String apiKey, String branch, int scanned, int queued, Map<SkipReason, Integer> skipped,
                        int reads, ScanProblem problem) {

    public StackScan {
        skipped = Map.copyOf(skipped);
    }

    public int skipped(SkipReason reason) {
        return skipped.getOrDefault(reason, 0);
    }

    public boolean complete() {
        return problem == null;
    }
}
