package dev.hiss.forecasting.task;

import dev.hiss.forecasting.data.Segment;
import dev.hiss.forecasting.data.Series;

/**
 * Multi-horizon forecasting: from a history window of H input rows, predict the next h target rows
 * at once (direct multi-output).
 *
 * @param history H, rows of history (>= 1)
 * @param horizon h, rows ahead (>= 1)
 * @param stride rows between consecutive origins (>= 1)
 */
public record MultiHorizon(int history, int horizon, int stride) {
  /** Validates the hyper-parameters. */
  public MultiHorizon {
    if (history < 1) {
      throw new IllegalArgumentException("Invalid history = " + history + "; must be >= 1");
    }
    if (horizon < 1) {
      throw new IllegalArgumentException("Invalid horizon = " + horizon + "; must be >= 1");
    }
    if (stride < 1) {
      throw new IllegalArgumentException("Invalid stride = " + stride + "; must be >= 1");
    }
  }

  /**
   * All windows lying wholly inside {@code range}: origins {@code range.start + H − 1, + stride, …}
   * while {@code origin + h < range.end}.
   *
   * @throws IllegalArgumentException when the range is shorter than {@code H + h}
   */
  public ForecastWindows windows(Series s, Segment range) {
    if (range.end() > s.rows()) {
      throw new IllegalArgumentException(
          "Invalid range " + range + " for series '" + s.id() + "' of " + s.rows() + " rows");
    }
    if (range.length() < history + horizon) {
      throw new IllegalArgumentException(
          "Range of "
              + range.length()
              + " rows of series '"
              + s.id()
              + "' is too short for history "
              + history
              + " + horizon "
              + horizon);
    }
    int first = range.start() + history - 1;
    int n = (range.end() - horizon - 1 - first) / stride + 1;
    int[] origins = new int[n];
    double[][][] x = new double[n][history][];
    boolean[][][] xp = new boolean[n][history][];
    double[][][] y = new double[n][horizon][];
    boolean[][][] yp = new boolean[n][horizon][];
    for (int i = 0; i < n; i++) {
      int o = first + i * stride;
      origins[i] = o;
      for (int r = 0; r < history; r++) {
        x[i][r] = s.inputs().values()[o - history + 1 + r].clone();
        xp[i][r] = s.inputs().present()[o - history + 1 + r].clone();
      }
      for (int r = 0; r < horizon; r++) {
        y[i][r] = s.targets().values()[o + 1 + r].clone();
        yp[i][r] = s.targets().present()[o + 1 + r].clone();
      }
    }
    return new ForecastWindows(s.id(), origins, x, xp, y, yp);
  }

  /** Windows over the whole series. */
  public ForecastWindows windows(Series s) {
    return windows(s, new Segment(s.id(), 0, s.rows()));
  }
}
