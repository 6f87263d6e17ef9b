package dev.permalinker.reconcile;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one reconciliation run saw and did: one scan per stack and branch, and the webhooks it watched.
 *
 * @param startedAt the run's "now", from which its window was computed
 * @param window    the creation times it queued jobs for
 * @param scans     one per stack and branch, in configuration order
 * @param webhooks  every webhook watched (those delivering {@code assets.create} to this deployment), per stack
 * @param webhookReads CMA reads spent on webhook lists (one per stack)
 * @param problems  what ended part of the run early (scans' problems included); empty on a clean run
 */
public record ReconcileReport(Instant startedAt, ReconcileWindow window, List<StackScan> scans,
                              List<WatchedWebhook> webhooks, int webhookReads, List<ScanProblem> problems) {

    public ReconcileReport {
        scans = List.copyOf(scans);
        webhooks = List.copyOf(webhooks);
        problems = List.copyOf(problems);
    }

    public int scanned() {
        return scans.stream().mapToInt(StackScan::scanned).sum();
    }

    /** Jobs sent for assets the webhooks missed. */
    public int queued() {
        return scans.stream().mapToInt(StackScan::queued).sum();
    }

    /** CMA reads spent: asset pages and webhook lists. */
    public int reads() {
        return scans.stream().mapToInt(StackScan::reads).sum() + webhookReads;
    }

    public Map<SkipReason, Integer> skipped() {
        Map<SkipReason, Integer> total = new EnumMap<>(SkipReason.class);
        scans.forEach(scan -> scan.skipped().forEach((reason, n) -> total.merge(reason, n, Integer::sum)));
        return total;
    }

    /** Webhooks with a finding that stops or loses deliveries (disabled, unhealthy), or a stack with none. */
    public List<WatchedWebhook> unhealthy() {
        return webhooks.stream().filter(webhook -> !webhook.healthy()).toList();
    }
}
