package dev.permalinker.cma;

import dev.permalinker.model.EnvReader;

/**
 * The part of the organisation's CMA rate limit one deployment plans to use ({@code CS_RATE_SHARE}), read the same
 * way by every room that calls the CMA.
 */
public final class RateShare {
    /**
     * The share when {@code CS_RATE_SHARE} is unset. The limit belongs to the organisation: editors in the web app and
     * other integrations spend it too, and a deployment that planned on all of it would meet their bursts with 429s on
     * both sides. Four fifths leaves 2 of the default 10 requests/s to them when they are idle, and the limiter gives
     * way further when they are busy (429s, {@code X-RateLimit-Remaining: 0}).
     */
    public static final double DEFAULT = 0.8;

    private RateShare() {
    }

    /** {@code CS_RATE_SHARE}: a fraction of the limit above 0 and at most 1; a bad value is a problem on reader. */
    public static double fromEnv(EnvReader reader) {
        double share = reader.decimal("CS_RATE_SHARE", DEFAULT, 0);
        if (share > 1) {
            reader.problem("CS_RATE_SHARE must be a fraction of the limit between 0 and 1, was " + share);
        }
        return share;
    }
}
