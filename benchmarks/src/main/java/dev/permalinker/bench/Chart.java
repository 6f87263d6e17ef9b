package dev.permalinker.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Draws the storm drains: queue depth (left axis) and write rate (right axis) over time, one panel per run. */
final class Chart {
    static final int WIDTH = 1000;
    private static final int PANEL = 340;
    private static final int MARGIN = 70;

    private Chart() {
    }

    static void write(Path file, List<StormDrain.Result> runs) throws IOException {
        writePanels(file, runs, PANEL, Chart::panel);
    }

    /** Draws one panel of a run, its top at {@code top}. */
    interface PanelPainter<T> {
        void paint(Graphics2D g, T run, int top);
    }

    /** A white PNG {@value #WIDTH} pixels wide with one panel of {@code panelHeight} per run, top to bottom. */
    static <T> void writePanels(Path file, List<T> runs, int panelHeight, PanelPainter<T> painter)
            throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, panelHeight * runs.size() + 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int i = 0; i < runs.size(); i++) {
            painter.paint(g, runs.get(i), i * panelHeight + 10);
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void panel(Graphics2D g, StormDrain.Result run, int top) {
        List<StormDrain.Sample> samples = run.samples();
        int left = MARGIN;
        int right = WIDTH - MARGIN;
        int plotTop = top + 40;
        int bottom = top + PANEL - 50;
        double maxT = Math.max(1, samples.get(samples.size() - 1).seconds());
        int maxDepth = Math.max(1, samples.stream().mapToInt(StormDrain.Sample::queueDepth).max().orElse(1));
        double maxRate = run.limit() * 1.5;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(run.name() + ": " + run.assets() + " assets x2 deliveries, limit " + (int) run.limit()
                + " writes/s", left, top + 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawRect(left, plotTop, right - left, bottom - plotTop);
        g.drawString("0", left - 15, bottom + 4);
        g.drawString(maxDepth + "", left - 60, plotTop + 4);
        g.drawString(String.format("%.0f s", maxT), right - 20, bottom + 16);
        g.drawString((int) maxRate + "/s", right + 5, plotTop + 4);
        g.setColor(new Color(0x1f77b4));
        g.drawString("queue depth", left, bottom + 30);
        g.setColor(new Color(0xd62728));
        g.drawString("write rate (right axis)", left + 100, bottom + 30);
        g.setColor(Color.GRAY);
        int limitY = bottom - (int) ((bottom - plotTop) * run.limit() / maxRate);
        g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {4, 4}, 0));
        g.drawLine(left, limitY, right, limitY);
        g.drawString("limit", right - 30, limitY - 3);
        g.setStroke(new BasicStroke(2));
        for (int i = 1; i < samples.size(); i++) {
            StormDrain.Sample a = samples.get(i - 1);
            StormDrain.Sample b = samples.get(i);
            int x1 = left + (int) ((right - left) * a.seconds() / maxT);
            int x2 = left + (int) ((right - left) * b.seconds() / maxT);
            g.setColor(new Color(0x1f77b4));
            g.drawLine(x1, bottom - (bottom - plotTop) * a.queueDepth() / maxDepth,
                    x2, bottom - (bottom - plotTop) * b.queueDepth() / maxDepth);
            double rate = (b.writes() - a.writes()) / Math.max(1e-9, b.seconds() - a.seconds());
            int y = bottom - (int) ((bottom - plotTop) * Math.min(rate, maxRate) / maxRate);
            g.setColor(new Color(0xd62728));
            g.drawLine(x1, y, x2, y);
        }
    }
}
