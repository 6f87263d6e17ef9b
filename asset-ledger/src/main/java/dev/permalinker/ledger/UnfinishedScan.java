package dev.permalinker.ledger;

import java.util.Objects;

/**
 * A reconciler scan that ran out of pages or time before it reached its end, kept so the next run resumes it instead
 * of starting again from the top (and instead of never reaching the older part of the window).
 *
 * @param top          the cut at the newest asset when the scan began: what lies on its newer side came after, and
 *                     the next run reads it first (newest first, down to this cut)
 * @param reached      the cut below the oldest asset the scan examined: the next run goes on from here down (to the
 *                     checkpoint's {@code settled} cut, or to the lookback on a full pass)
 * @param settleableTo how far {@code settled} may move once the scan completes: the cut just below the oldest asset
 *                     the examined part still had waiting ({@code queued}, or queued by this scan), else {@code top}
 * @param fullPass     whether the scan is a full pass (down to the lookback, ignoring {@code settled})
 */
public record UnfinishedScan(ScanPosition top, ScanPosition reached, ScanPosition settleableTo, boolean fullPass) {

    public UnfinishedScan {
        Objects.requireNonNull(top, "top");
        Objects.requireNonNull(reached, "reached");
        Objects.requireNonNull(settleableTo, "settleableTo");
        if (!top.isAtOrAbove(reached)) {
            throw new IllegalArgumentException("an unfinished scan reached above its top: " + reached + ", " + top);
        }
        if (!top.isAtOrAbove(settleableTo)) {
            throw new IllegalArgumentException("an unfinished scan settles no further than its top");
        }
    }
}
