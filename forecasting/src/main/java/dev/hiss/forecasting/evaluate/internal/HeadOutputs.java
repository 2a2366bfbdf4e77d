package dev.hiss.forecasting.evaluate.internal;

import dev.hiss.forecasting.data.Normalizer;
import dev.hiss.forecasting.metric.ForecastErrors;
import dev.hiss.model.hiss.GaussianLoss;
import dev.hiss.model.hiss.GaussianPrediction;
import dev.hiss.model.hiss.OutputHead;
import dev.hiss.model.hiss.QuantileLevels;
import dev.hiss.model.hiss.QuantileLoss;

/**
 * A net's raw head output {@code [rows, H]} read as forecasts in original units: the point forecast
 * (value, mean or median-level quantile), the std of a GAUSSIAN head and the quantiles of a
 * QUANTILE head (normalized q·std + mean, which keeps their order), scored into {@link
 * ForecastErrors}, with the sample band (central 90 % interval, or the outer quantiles).
 */
final class HeadOutputs {
  private final OutputHead head;
  private final QuantileLevels levels;
  private final int dout;
  private final float[] point;
  private final float[] std;
  private final float[] quantiles;

  /**
   * @param net the net (its head and levels)
   * @param raw its raw head output {@code [rows, D_out·outputs per target]}
   * @param dout D_out
   */
  HeadOutputs(NeuralNet net, float[] raw, int dout) {
    this.head = net.head();
    this.levels = net.quantiles();
    this.dout = dout;
    switch (head) {
      case GAUSSIAN -> {
        GaussianPrediction g = GaussianLoss.distribution(raw, dout);
        point = g.mean();
        std = g.std();
        quantiles = null;
      }
      case QUANTILE -> {
        quantiles = QuantileLoss.quantiles(raw, dout, levels);
        point = QuantileLoss.medians(raw, dout, levels);
        std = null;
      }
      default -> {
        point = raw;
        std = null;
        quantiles = null;
      }
    }
  }

  /**
   * One episode's forecasts in original units.
   *
   * @param row0 the first row of the episode in the head output
   * @param rows its rows n
   * @param norm the target normalization; the D_out columns of a head row are D_out/C forecast rows
   *     of C channels (h rows on the forecast task, 1 on seq2seq)
   */
  Episode episode(int row0, int rows, Normalizer norm) {
    int cs = norm.channels();
    int per = dout / cs; // forecast rows per head row (h on the forecast task, 1 on seq2seq)
    int n = rows * per;
    double[][] y = new double[n][cs];
    double[][] sigma = std == null ? null : new double[n][cs];
    int nq = levels == null ? 0 : levels.count();
    double[][][] q = quantiles == null ? null : new double[n][cs][nq];
    for (int s = 0; s < rows; s++) {
      for (int d = 0; d < dout; d++) {
        int r = s * per + d / cs;
        int c = d % cs;
        int i = (row0 + s) * dout + d;
        y[r][c] = point[i] * norm.std()[c] + norm.mean()[c];
        if (sigma != null) {
          sigma[r][c] = std[i] * norm.std()[c];
        }
        for (int j = 0; j < nq; j++) {
          q[r][c][j] = quantiles[((row0 + s) * nq + j) * dout + d] * norm.std()[c] + norm.mean()[c];
        }
      }
    }
    return new Episode(y, sigma, q);
  }

  /** One episode's forecasts: point {@code [n][C]}, sigma or quantiles {@code [n][C][Q]}. */
  final class Episode {
    final double[][] point;
    final double[][] sigma;
    final double[][][] quantiles;

    Episode(double[][] point, double[][] sigma, double[][][] quantiles) {
      this.point = point;
      this.sigma = sigma;
      this.quantiles = quantiles;
    }

    /** Adds this episode's errors against the truth. */
    void score(
        ForecastErrors errors,
        String series,
        double[] scale,
        double[][] actual,
        boolean[][] present) {
      switch (head) {
        case GAUSSIAN -> errors.addGaussian(series, scale, point, sigma, actual, present);
        case QUANTILE ->
            errors.addQuantiles(series, scale, point, levels.toArray(), quantiles, actual, present);
        default -> errors.addPoint(series, scale, point, actual, present);
      }
    }

    /**
     * Channel 0 of row r into the sample plot: the point, and the band (central 90 % interval of a
     * Gaussian, outer quantiles of a quantile head; left NaN for a point head).
     */
    void sample(int r, int at, double[] sample, double[] lower, double[] upper) {
      sample[at] = point[r][0];
      if (sigma != null) {
        double z = GaussianPrediction.zScore(ForecastErrors.INTERVAL_LEVEL);
        lower[at] = point[r][0] - z * sigma[r][0];
        upper[at] = point[r][0] + z * sigma[r][0];
      }
      if (quantiles != null) {
        lower[at] = quantiles[r][0][0];
        upper[at] = quantiles[r][0][quantiles[r][0].length - 1];
      }
    }
  }
}
