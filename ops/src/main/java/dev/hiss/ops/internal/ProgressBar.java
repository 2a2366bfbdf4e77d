package dev.hiss.ops.internal;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line text progress bar for long command-line stages (training). On a terminal it redraws
 * one line in place ({@code \r}) at most every {@code minIntervalNanos}; elsewhere (CI logs, pipes)
 * it draws nothing, and only the whole lines given to {@link #line} are printed, so logs stay
 * readable.
 */
public final class ProgressBar {
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final boolean interactive;
  private final long minIntervalNanos;
  private long lastDraw = Long.MIN_VALUE;
  private int drawnLength;

  /**
   * @param out where to draw
   * @param interactive whether {@code out} is a terminal (redraws in place)
   * @param minIntervalNanos least time between two redraws
   */
  public ProgressBar(PrintStream out, boolean interactive, long minIntervalNanos) {
    this.out = out;
    this.interactive = interactive;
    this.minIntervalNanos = minIntervalNanos;
  }

  /** A bar on standard error, redrawn at most 10 times a second when a console is attached. */
  public static ProgressBar onStderr() {
    return new ProgressBar(System.err, System.console() != null, 100_000_000L);
  }

  /**
   * The bar's text, e.g. {@code [#########.....................] 30% epoch 3/10 ETA 12 s}.
   *
   * @param fraction done, clamped to [0, 1]; NaN counts as 0
   * @param label text after the percentage
   */
  public static String render(double fraction, String label) {
    double f = Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
    int filled = (int) Math.floor(f * WIDTH);
    return "["
        + "#".repeat(filled)
        + ".".repeat(WIDTH - filled)
        + "] "
        + String.format(Locale.ROOT, "%3d%%", (int) Math.floor(f * 100))
        + (label.isEmpty() ? "" : " " + label);
  }

  /** Redraws the bar (terminal only, rate-limited; a complete bar is always drawn). */
  public synchronized void update(double fraction, String label) {
    if (!interactive) {
      return;
    }
    long now = System.nanoTime();
    if (fraction < 1 && lastDraw != Long.MIN_VALUE && now - lastDraw < minIntervalNanos) {
      return;
    }
    lastDraw = now;
    String text = render(fraction, label);
    out.print("\r" + text + " ".repeat(Math.max(0, drawnLength - text.length())));
    out.flush();
    drawnLength = text.length();
  }

  /**
   * Prints a whole line above the bar (clearing the bar first; it comes back on the next update).
   */
  public synchronized void line(String text) {
    if (drawnLength > 0) {
      out.print("\r" + " ".repeat(drawnLength) + "\r");
      drawnLength = 0;
    }
    out.println(text);
    out.flush();
  }

  /** Ends the bar's line, so that later output starts on a fresh line. */
  public synchronized void finish() {
    if (drawnLength > 0) {
      out.println();
      drawnLength = 0;
    }
  }
}
