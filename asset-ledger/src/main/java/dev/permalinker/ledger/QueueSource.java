package dev.permalinker.ledger;

import java.util.Locale;
import java.util.Optional;

/** Who queued an asset's job: the stable wire value is kept in the row ({@code queuedBy}). */
public enum QueueSource {
    /** Contentstack's asset-creation webhook, through the ingest (recorded by the worker: the ingest has no ledger). */
    WEBHOOK,
    /** The reconciler (or the operator's backfill) found the asset without its URL and queued the ingest's job. */
    RECONCILER,
    /** The operator moved the asset's dead letter back to the job queue ({@code permalinker-ops dlq redrive}). */
    REDRIVE;

    /** The stable name in rows and log lines, e.g. {@code reconciler}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The source a wire value names; empty for anything else (a row written by a newer version, or damaged). */
    public static Optional<QueueSource> fromWire(String wire) {
        for (QueueSource source : values()) {
            if (source.wire().equals(wire)) {
                return Optional.of(source);
            }
        }
        return Optional.empty();
    }
}
