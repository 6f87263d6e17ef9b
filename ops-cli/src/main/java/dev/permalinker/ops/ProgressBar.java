package dev.permalinker.ops;

import java.io.PrintStream;

/** A one-line progress bar on the error stream, so standard output stays clean for scripts. */
final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String label;
    private final int total;

    ProgressBar(PrintStream out, String label, int total) {
        this.out = out;
        this.label = label;
        this.total = Math.max(total, 1);
    }

    void update(int done) {
        int filled = Math.min(WIDTH, done * WIDTH / total);
        out.printf("\r%s [%s%s] %d/%d", label, "#".repeat(filled), " ".repeat(WIDTH - filled), done, total);
        out.flush();
    }

    void finish() {
        out.println();
    }
}
