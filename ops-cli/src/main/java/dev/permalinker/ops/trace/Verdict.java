package dev.permalinker.ops.trace;

/**
 * What a trace concludes, and what to do next.
 *
 * @param code the dead letter's {@code failure.code} for {@link Kind#DEAD_LETTERED}, else {@code null}
 */
public record Verdict(Kind kind, String code, String nextStep) {

    /**
     * The verdicts of the operator CLI contract, plus {@code not found} for a uid nobody knows and {@code unknown}
     * when the CMA could not be asked and nothing else has heard of the asset.
     */
    public enum Kind {
        /** The permanent URL is set. */
        OK("ok"),
        /** A job is queued or being retried. */
        WAITING("waiting"),
        /** The job is in the DLQ. */
        DEAD_LETTERED("dead-lettered"),
        /** The asset exists without a URL and no webhook for it reached us. */
        NEVER_RECEIVED("never received"),
        /** The asset is gone from the stack, and we had heard of it. */
        DELETED("deleted"),
        /** No such asset in the stack, and nothing about it anywhere: a wrong uid, stack or branch. */
        NOT_FOUND("not found"),
        /** The CMA could not be read and nothing else knows the asset: the settings come first, not a backfill. */
        UNKNOWN("unknown");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** {@code ok}, {@code waiting}, {@code dead-lettered: unauthorized}, … */
    public String label() {
        return kind == Kind.DEAD_LETTERED ? kind.label() + ": " + code : kind.label();
    }

    /** 0 when the URL is set, 1 otherwise. */
    public int exitCode() {
        return kind == Kind.OK ? 0 : 1;
    }
}
