package dev.permalinker.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Draws both clients' write rates per second over time, one panel per shared-budget run. */
final class SharedBudgetChart {
    private static final int PANEL = 300;
    private static final int MARGIN = 70;
    private static final Color WORKER = new Color(0xd62728);
    private static final Color OTHER = new Color(0x1f77b4);

    private SharedBudgetChart() {
    }

    static void write(Path file, List<SharedBudget.Result> runs) throws IOException {
        Chart.writePanels(file, runs, PANEL, SharedBudgetChart::panel);
    }

    private static void panel(Graphics2D g, SharedBudget.Result run, int top) {
        List<SharedBudget.Second> seconds = run.seconds();
        int left = MARGIN;
        int right = Chart.WIDTH - MARGIN;
        int plotTop = top + 40;
        int bottom = top + PANEL - 50;
        double maxT = Math.max(1, seconds.size());
        double maxRate = run.limit() * 1.2;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(run.name() + " (organisation limit " + (int) run.limit() + " writes/s)", left, top + 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawRect(left, plotTop, right - left, bottom - plotTop);
        g.drawString("0", left - 15, bottom + 4);
        g.drawString((int) maxRate + "/s", left - 40, plotTop + 4);
        g.drawString(String.format("%.0f s", maxT), right - 20, bottom + 16);
        g.setColor(WORKER);
        g.drawString("worker writes/s", left, bottom + 30);
        g.setColor(OTHER);
        g.drawString("other client writes/s", left + 120, bottom + 30);
        g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {4, 4}, 0));
        for (double level : new double[] {run.limit(), run.limit() * 0.8, run.leftForWorker()}) {
            int y = y(level, maxRate, plotTop, bottom);
            g.setColor(Color.GRAY);
            g.drawLine(left, y, right, y);
        }
        g.drawString("limit", right + 5, y(run.limit(), maxRate, plotTop, bottom) + 4);
        g.drawString("share", right + 5, y(run.limit() * 0.8, maxRate, plotTop, bottom) + 4);
        g.drawString("left", right + 5, y(run.leftForWorker(), maxRate, plotTop, bottom) + 4);
        g.setStroke(new BasicStroke(2));
        for (int i = 1; i < seconds.size(); i++) {
            int x1 = left + (int) ((right - left) * (i - 1) / maxT);
            int x2 = left + (int) ((right - left) * i / maxT);
            g.setColor(WORKER);
            g.drawLine(x1, y(seconds.get(i - 1).worker(), maxRate, plotTop, bottom),
                    x2, y(seconds.get(i).worker(), maxRate, plotTop, bottom));
            g.setColor(OTHER);
            g.drawLine(x1, y(seconds.get(i - 1).other(), maxRate, plotTop, bottom),
                    x2, y(seconds.get(i).other(), maxRate, plotTop, bottom));
        }
    }

    private static int y(double rate, double maxRate, int plotTop, int bottom) {
        return bottom - (int) ((bottom - plotTop) * Math.min(rate, maxRate) / maxRate);
    }
}
