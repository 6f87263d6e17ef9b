package dev.permalinker.local;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Which data directory {@code serve} uses, and what it says about it at start. {@code serve --simulate} keeps its own
 * directory beneath {@code DATA_DIR} ({@code ${DATA_DIR}/simulate}, docs/configuration.md), so jobs and dead
 * letters of a simulated run never reach a later run against a real stack; and every start says what the directory
 * holds (queued jobs, dead letters) and where, because {@code serve} resumes it.
 */
public final class ServeDataDirectory {
    /** The subdirectory of {@code DATA_DIR} that {@code serve --simulate} uses. */
    public static final String SIMULATE_SUBDIRECTORY = "simulate";

    private ServeDataDirectory() {
    }

    /** The settings {@code serve} runs with: {@code DATA_DIR}, or its {@code simulate} subdirectory. */
    public static LocalConfig forServe(LocalConfig settings, boolean simulate) {
        if (!simulate || settings.dataDir() == null) {
            return settings;
        }
        return new LocalConfig(settings.bind(), settings.port(), settings.sqsPort(), settings.maxReceiveCount(),
                settings.workerThreads(), settings.visibilityTimeoutSeconds(),
                settings.dataDir().resolve(SIMULATE_SUBDIRECTORY));
    }

    /**
     * One line for the terminal, e.g. {@code data directory /home/me/.permalinker-data/simulate (simulated runs
     * only): 2 queued jobs, 1 dead letter, resumed from an earlier run}.
     */
    public static String describe(Path path, boolean simulate, int queuedJobs, int deadLetters) {
        String where = path.toAbsolutePath().normalize().toString();
        String kind = simulate ? " (simulated runs only; runs against a real stack use "
                + path.toAbsolutePath().normalize().getParent() + ")" : "";
        String holds = String.format(Locale.ROOT, "%d queued %s, %d dead %s", queuedJobs,
                queuedJobs == 1 ? "job" : "jobs", deadLetters, deadLetters == 1 ? "letter" : "letters");
        String resumed = queuedJobs + deadLetters == 0 ? "" : ", kept from an earlier run: queued jobs are processed "
                + "now, dead letters stay until redriven or purged (permalinker-ops dlq)";
        return "data directory " + where + kind + ": " + holds + resumed;
    }
}
