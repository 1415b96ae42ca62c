import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws bench/growth's numbers as a PNG (headless AWT, so the bench needs no plotting package):
 * one line per workload, each point its throughput relative to the first data point (the
 * smallest database), with the 0.8 × target as a dashed line. Input: the growth TSV, one row
 * per point: label, users in the database, hot users, scans per hot user, then req/s of the
 * cached GET, the fresh-key PATCH and pgbench on the gateway's SQL, then heap MiB.
 */
final class GrowthPlot {
  private static final String[] SERIES = {"cached GET /me/profile", "PATCH /me/profile (fresh key)",
      "pgbench, the gateway's SQL"};
  private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728),
      new Color(0x7f7f7f)};

  private GrowthPlot() {}

  static void write(Path tsv, Path png) throws Exception {
    System.setProperty("java.awt.headless", "true");
    List<String> labels = new ArrayList<>();
    List<double[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(tsv)) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t");
      labels.add(f[0]);
      rows.add(new double[] {num(f[4]), num(f[5]), num(f[6])});
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(tsv + " has no points");
    }
    int w = 900;
    int h = 480;
    int left = 70;
    int right = 250;
    int top = 50;
    int bottom = 70;
    double yMax = 1.4;
    for (double[] r : rows) {
      for (int s = 0; s < SERIES.length; s++) {
        yMax = Math.max(yMax, rel(r[s], rows.get(0)[s]) + 0.1);
      }
    }
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.setColor(Color.BLACK);
    g.drawString("Throughput as the data grows, relative to " + labels.get(0), left, 28);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int plotW = w - left - right;
    int plotH = h - top - bottom;
    // y axis: gridlines every 0.2
    for (double y = 0; y <= yMax + 1e-9; y += 0.2) {
      int py = top + plotH - (int) Math.round(y / yMax * plotH);
      g.setColor(new Color(0xe0e0e0));
      g.drawLine(left, py, left + plotW, py);
      g.setColor(Color.BLACK);
      g.drawString(String.format("%.1f ×", y), left - 45, py + 4);
    }
    int targetY = top + plotH - (int) Math.round(0.8 / yMax * plotH);
    g.setColor(new Color(0x2ca02c));
    g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
        new float[] {6, 5}, 0));
    g.drawLine(left, targetY, left + plotW, targetY);
    g.drawString("target 0.8 ×", left + plotW + 8, targetY + 4);
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1));
    g.drawRect(left, top, plotW, plotH);
    int n = rows.size();
    int[] xs = new int[n];
    for (int i = 0; i < n; i++) {
      xs[i] = left + (n == 1 ? plotW / 2 : 40 + i * (plotW - 80) / (n - 1));
      String label = labels.get(i);
      int lw = g.getFontMetrics().stringWidth(label);
      g.drawString(label, xs[i] - lw / 2, top + plotH + 20);
    }
    g.drawString("users in the database (the gateway's cache holds the hot users)", left,
        top + plotH + 45);
    for (int s = 0; s < SERIES.length; s++) {
      g.setColor(COLORS[s]);
      g.setStroke(new BasicStroke(2.5f));
      int prevX = -1;
      int prevY = -1;
      for (int i = 0; i < n; i++) {
        double v = rel(rows.get(i)[s], rows.get(0)[s]);
        if (Double.isNaN(v)) {
          prevX = -1;
          continue;
        }
        int py = top + plotH - (int) Math.round(v / yMax * plotH);
        if (prevX >= 0) {
          g.drawLine(prevX, prevY, xs[i], py);
        }
        g.fillOval(xs[i] - 4, py - 4, 8, 8);
        if (i > 0) {   // the first point is 1.00 by definition
          g.drawString(String.format("%.2f", v), xs[i] + 6, py - 6 + 14 * (s - 1));
        }
        prevX = xs[i];
        prevY = py;
      }
      g.fillRect(left + plotW + 8, top + 20 + s * 22, 14, 4);
      g.drawString(SERIES[s], left + plotW + 28, top + 26 + s * 22);
    }
    g.dispose();
    ImageIO.write(img, "png", png.toFile());
  }

  private static double num(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static double rel(double v, double base) {
    return base > 0 ? v / base : Double.NaN;
  }
}
