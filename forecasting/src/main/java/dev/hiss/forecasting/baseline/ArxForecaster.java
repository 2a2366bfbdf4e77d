package dev.hiss.forecasting.baseline;

import java.util.List;

/**
 * Direct multi-horizon linear autoregression with exogenous, known-ahead covariates (ARX): per
 * channel c and horizon step r = 1..h, a least-squares regression
 *
 * <pre>
 *   y_{t+r,c} = a + Σ_{i<p} φ_i·y_{t−i,c} + Σ_k β_k·x_{t+r,k}
 * </pre>
 *
 * on the target lags up to the origin t and the covariates at the target step t + r (known ahead,
 * e.g. the hour of day), never a target after t. Rows with a missing lag, target or covariate are
 * left out of the fit; at prediction time a missing lag takes the last observed value before it and
 * a missing covariate makes that step's forecast NaN.
 *
 * @param order number of lags p (&gt;= 1)
 */
public record ArxForecaster(int order) {
  /** Validates the order. */
  public ArxForecaster {
    if (order < 1) {
      throw new IllegalArgumentException("Invalid order = " + order + "; must be >= 1");
    }
  }

  /** A fitted ARX model. */
  public interface Predictor {
    /**
     * Predicts the h rows after the history.
     *
     * @param history {@code [t][C]}: target rows up to and including the origin, nothing later
     * @param future {@code [h][K]}: the covariates of the h target rows (known ahead)
     * @return {@code [h][C]}; NaN where no forecast is possible
     */
    double[][] predict(double[][] history, double[][] future);
  }

  /** Short name for reports. */
  public String name() {
    return "linear-arx(p=" + order + ")";
  }

  /** Fitted scalars: C·h·(p + 1 + K). */
  public static long params(int channels, int horizon, int order, int covariates) {
    return (long) channels * horizon * (order + 1 + covariates);
  }

  /**
   * Fits on training data.
   *
   * @param targets each {@code [T_s][C]}: the training target rows of one series, NaN = missing
   * @param covariates each {@code [T_s][K]}: the covariates of the same rows
   * @param horizon h &gt;= 1
   * @return the predictor
   * @throws IllegalArgumentException on too little data or a singular system (constant column)
   */
  public Predictor fit(List<double[][]> targets, List<double[][]> covariates, int horizon) {
    Baselines.checkHorizon(horizon);
    if (targets.size() != covariates.size() || targets.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid training data: "
              + targets.size()
              + " target and "
              + covariates.size()
              + " covariate series");
    }
    int cs = Baselines.channels(null, targets);
    int k = covariates.get(0).length == 0 ? 0 : covariates.get(0)[0].length;
    double[][][] beta = new double[cs][horizon][];
    for (int c = 0; c < cs; c++) {
      for (int r = 1; r <= horizon; r++) {
        beta[c][r - 1] = fitOne(targets, covariates, c, r, k);
      }
    }
    int d = order + 1 + k;
    return (history, future) -> {
      if (future.length != horizon) {
        throw new IllegalArgumentException(
            "Invalid future covariates: " + future.length + " rows; must be h = " + horizon);
      }
      double[][] out = new double[horizon][cs];
      double[] row = new double[d];
      for (int c = 0; c < cs; c++) {
        int t = history.length - 1;
        boolean ok = t >= order - 1;
        row[0] = 1;
        for (int i = 0; ok && i < order; i++) {
          row[1 + i] = Baselines.lastObserved(history, c, t - i);
          ok = !Double.isNaN(row[1 + i]);
        }
        for (int r = 0; r < horizon; r++) {
          boolean rowOk = ok;
          for (int j = 0; j < k; j++) {
            row[1 + order + j] = future[r][j];
            rowOk &= Double.isFinite(future[r][j]);
          }
          out[r][c] = rowOk ? dot(beta[c][r], row) : Double.NaN;
        }
      }
      return out;
    };
  }

  private double[] fitOne(
      List<double[][]> targets, List<double[][]> covariates, int c, int r, int k) {
    int d = order + 1 + k;
    double[][] xtx = new double[d][d];
    double[] xty = new double[d];
    double[] row = new double[d];
    long rows = 0;
    for (int s = 0; s < targets.size(); s++) {
      double[][] y = targets.get(s);
      double[][] x = covariates.get(s);
      if (x.length != y.length) {
        throw new IllegalArgumentException(
            "Invalid covariates of series " + s + ": " + x.length + " rows for " + y.length);
      }
      rows:
      for (int t = order - 1; t + r < y.length; t++) {
        double target = y[t + r][c];
        if (Double.isNaN(target)) {
          continue;
        }
        row[0] = 1;
        for (int i = 0; i < order; i++) {
          row[1 + i] = y[t - i][c];
          if (Double.isNaN(row[1 + i])) {
            continue rows;
          }
        }
        for (int j = 0; j < k; j++) {
          row[1 + order + j] = x[t + r][j];
          if (!Double.isFinite(row[1 + order + j])) {
            continue rows;
          }
        }
        for (int a = 0; a < d; a++) {
          xty[a] += row[a] * target;
          for (int b = 0; b <= a; b++) {
            xtx[a][b] += row[a] * row[b];
          }
        }
        rows++;
      }
    }
    if (rows < d) {
      throw new IllegalArgumentException(
          "Too little data: " + rows + " complete training rows for " + d + " ARX parameters");
    }
    return Cholesky.solve(xtx, xty);
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
