package dev.hiss.forecasting.evaluate.internal;

import java.util.List;
import java.util.Locale;

/** Inline SVG line plots; NaN values leave gaps. */
public final class Svg {
  private static final int W = 560;
  private static final int H = 220;
  private static final int PAD = 40;

  private Svg() {}

  /**
   * A line plot of several equally spaced series on shared axes.
   *
   * @param title plot title
   * @param lines the values of each line (x = index)
   * @param labels legend text per line
   * @param colors CSS colour per line
   */
  public static String plot(
      String title, List<double[]> lines, List<String> labels, List<String> colors) {
    return plot(title, lines, labels, colors, null, null, null);
  }

  /**
   * A line plot with a shaded band (e.g. a prediction interval) under the lines; the band is drawn
   * where both of its ends are finite.
   *
   * @param title plot title
   * @param lines the values of each line (x = index)
   * @param labels legend text per line
   * @param colors CSS colour per line
   * @param lower band lower ends (x = index), or null for no band
   * @param upper band upper ends, same length as {@code lower}
   * @param bandLabel legend text of the band
   */
  public static String plot(
      String title,
      List<double[]> lines,
      List<String> labels,
      List<String> colors,
      double[] lower,
      double[] upper,
      String bandLabel) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    int n = 1;
    List<double[]> all = new java.util.ArrayList<>(lines);
    if (lower != null) {
      all.add(lower);
      all.add(upper);
    }
    for (double[] l : all) {
      n = Math.max(n, l.length);
      for (double v : l) {
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (!(lo <= hi)) {
      lo = 0;
      hi = 1;
    }
    if (hi - lo < 1e-12) {
      hi = lo + 1;
    }
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" ", W, H))
        .append("xmlns=\"http://www.w3.org/2000/svg\" style=\"font:11px sans-serif\">")
        .append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"14\">%s</text>", PAD, esc(title)))
        .append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>",
                PAD,
                20,
                W - 2 * PAD,
                H - 40))
        .append(label(PAD - 4, 28, hi))
        .append(label(PAD - 4, H - 20, lo));
    if (lower != null) {
      sb.append("<path fill=\"#1f77b4\" fill-opacity=\"0.18\" stroke=\"none\" d=\"")
          .append(band(lower, upper, n, lo, hi))
          .append("\"/>")
          .append(
              String.format(
                  Locale.ROOT,
                  "<text x=\"%d\" y=\"%d\" fill=\"#1f77b4\">%s</text>",
                  W - PAD - 150,
                  34 + 13 * lines.size(),
                  esc(bandLabel)));
    }
    for (int i = 0; i < lines.size(); i++) {
      sb.append("<path fill=\"none\" stroke-width=\"1.5\" stroke=\"")
          .append(colors.get(i % colors.size()))
          .append("\" d=\"")
          .append(path(lines.get(i), n, lo, hi))
          .append("\"/>");
      sb.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>",
              W - PAD - 150,
              34 + 13 * i,
              colors.get(i % colors.size()),
              esc(labels.get(i))));
    }
    return sb.append("</svg>").toString();
  }

  private static String label(int x, int y, double v) {
    return String.format(
        Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.4g</text>", x, y, v);
  }

  /** Closed polygons over each run of indices where both band ends are finite. */
  private static String band(double[] lower, double[] upper, int n, double lo, double hi) {
    StringBuilder sb = new StringBuilder();
    int t = 0;
    while (t < lower.length) {
      if (!Double.isFinite(lower[t]) || !Double.isFinite(upper[t])) {
        t++;
        continue;
      }
      int end = t;
      while (end + 1 < lower.length
          && Double.isFinite(lower[end + 1])
          && Double.isFinite(upper[end + 1])) {
        end++;
      }
      for (int i = t; i <= end; i++) {
        sb.append(i == t ? "M" : "L").append(point(i, upper[i], n, lo, hi)).append(' ');
      }
      for (int i = end; i >= t; i--) {
        sb.append('L').append(point(i, lower[i], n, lo, hi)).append(' ');
      }
      sb.append("Z ");
      t = end + 1;
    }
    return sb.toString().strip();
  }

  private static String point(int t, double v, int n, double lo, double hi) {
    double x = PAD + (W - 2.0 * PAD) * (n == 1 ? 0.5 : t / (n - 1.0));
    double y = 20 + (H - 40) * (1 - (v - lo) / (hi - lo));
    return String.format(Locale.ROOT, "%.1f %.1f", x, y);
  }

  private static String path(double[] v, int n, double lo, double hi) {
    StringBuilder sb = new StringBuilder();
    boolean pen = false;
    for (int t = 0; t < v.length; t++) {
      if (!Double.isFinite(v[t])) {
        pen = false;
        continue;
      }
      double x = PAD + (W - 2.0 * PAD) * (n == 1 ? 0.5 : t / (n - 1.0));
      double y = 20 + (H - 40) * (1 - (v[t] - lo) / (hi - lo));
      sb.append(String.format(Locale.ROOT, "%s%.1f %.1f ", pen ? "L" : "M", x, y));
      pen = true;
    }
    return sb.toString().strip();
  }

  /** HTML/XML escaping of text. */
  public static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
