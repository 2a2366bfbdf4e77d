package dev.hiss.forecasting.data;

import java.util.Arrays;
import java.util.List;

/**
 * Per-channel standardization {@code x' = (x − mean) / std}. Fit it on the training part only;
 * validation and test data reuse its statistics.
 *
 * @param mean {@code [channels]}
 * @param std {@code [channels]}, each >= {@value #MIN_STD}
 */
public record Normalizer(double[] mean, double[] std) {
  /** The clamp on the standard deviation (as in the HiSS code). */
  public static final double MIN_STD = 1e-5;

  /** Validates the lengths and values. */
  public Normalizer {
    if (mean.length != std.length) {
      throw new IllegalArgumentException(
          "Invalid normalizer: " + mean.length + " means for " + std.length + " stds");
    }
    for (int c = 0; c < std.length; c++) {
      if (!Double.isFinite(mean[c]) || !(std[c] >= MIN_STD) || !Double.isFinite(std[c])) {
        throw new IllegalArgumentException(
            "Invalid channel " + c + ": mean = " + mean[c] + ", std = " + std[c]);
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /**
   * Mean and population standard deviation per channel over the present values of the training
   * parts; std is clamped at {@value #MIN_STD}.
   *
   * @param trainingParts each {@code [rows][channels]}
   * @throws IllegalArgumentException when a channel has no present value
   */
  public static Normalizer fit(List<MaskedArray> trainingParts) {
    int d = trainingParts.get(0).columns();
    double[] sum = new double[d];
    double[] sumSq = new double[d];
    long[] n = new long[d];
    double[] shift = new double[d];
    Arrays.fill(shift, Double.NaN);
    for (MaskedArray a : trainingParts) {
      if (a.columns() != d) {
        throw new IllegalArgumentException(
            "Training parts differ in channels: " + a.columns() + " vs " + d);
      }
      for (int t = 0; t < a.rows(); t++) {
        for (int c = 0; c < d; c++) {
          if (a.present()[t][c]) {
            double v = a.values()[t][c];
            if (Double.isNaN(shift[c])) {
              shift[c] = v; // shifted sums keep precision for large offsets
            }
            double x = v - shift[c];
            sum[c] += x;
            sumSq[c] += x * x;
            n[c]++;
          }
        }
      }
    }
    double[] mean = new double[d];
    double[] std = new double[d];
    for (int c = 0; c < d; c++) {
      if (n[c] == 0) {
        throw new IllegalArgumentException("Channel " + c + " has no training values");
      }
      double m = sum[c] / n[c];
      mean[c] = shift[c] + m;
      std[c] = Math.max(MIN_STD, Math.sqrt(Math.max(0, sumSq[c] / n[c] - m * m)));
    }
    return new Normalizer(mean, std);
  }

  public int channels() {
    return mean.length;
  }

  /** Normalized copy; missing values stay missing. Shape {@code [rows][channels]}. */
  public MaskedArray apply(MaskedArray a) {
    return new MaskedArray(apply(a.values()), copy(a.present()));
  }

  /** Normalized copy of {@code [rows][channels]} values (NaN stays NaN). */
  public double[][] apply(double[][] x) {
    double[][] out = new double[x.length][];
    for (int t = 0; t < x.length; t++) {
      check(x[t]);
      out[t] = new double[x[t].length];
      for (int c = 0; c < x[t].length; c++) {
        out[t][c] = (x[t][c] - mean[c]) / std[c];
      }
    }
    return out;
  }

  /** De-normalized copy of {@code [rows][channels]} values: {@code x·std + mean}. */
  public double[][] invert(double[][] z) {
    double[][] out = new double[z.length][];
    for (int t = 0; t < z.length; t++) {
      check(z[t]);
      out[t] = new double[z[t].length];
      for (int c = 0; c < z[t].length; c++) {
        out[t][c] = z[t][c] * std[c] + mean[c];
      }
    }
    return out;
  }

  private void check(double[] row) {
    if (row.length != mean.length) {
      throw new IllegalArgumentException(
          "Row has " + row.length + " channels; normalizer has " + mean.length);
    }
  }

  private static boolean[][] copy(boolean[][] p) {
    boolean[][] out = new boolean[p.length][];
    for (int t = 0; t < p.length; t++) {
      out[t] = p[t].clone();
    }
    return out;
  }
}
