package dev.hiss.spark.job;

import dev.hiss.spark.train.Episode;
import org.apache.spark.api.java.JavaRDD;

/**
 * Standardization statistics and the zero-forecast baseline of {@link TrainHissJob} (also used by
 * {@code dev.hiss.spark.dl4j.Dl4jSparkTrainJob}).
 */
public final class Standardize {
  private Standardize() {}

  /**
   * Per-channel mean and standard deviation over the training part of every device series.
   *
   * @return {@code {mean[C], std[C]}}; a constant channel gets std 1
   */
  public static double[][] trainStats(JavaRDD<double[][]> series, double validationFraction) {
    double[][] sums =
        series
            .map(
                ch -> {
                  double[][] s = new double[3][ch.length];
                  int cut = ChunkMeanTask.cut(ch[0].length, validationFraction);
                  for (int c = 0; c < ch.length; c++) {
                    for (int t = 0; t < cut; t++) {
                      s[0][c]++;
                      s[1][c] += ch[c][t];
                      s[2][c] += ch[c][t] * ch[c][t];
                    }
                  }
                  return s;
                })
            .reduce(
                (a, b) -> {
                  double[][] s = new double[3][a[0].length];
                  for (int i = 0; i < 3; i++) {
                    for (int c = 0; c < a[0].length; c++) {
                      s[i][c] = a[i][c] + b[i][c];
                    }
                  }
                  return s;
                });
    int n = sums[0].length;
    double[] mean = new double[n];
    double[] std = new double[n];
    for (int c = 0; c < n; c++) {
      double count = Math.max(1, sums[0][c]);
      mean[c] = sums[1][c] / count;
      double var = Math.max(0, sums[2][c] / count - mean[c] * mean[c]);
      std[c] = var > 1e-24 ? Math.sqrt(var) : 1;
    }
    return new double[][] {mean, std};
  }

  /** The MSE of predicting 0 (the training mean) at every valid step. */
  static double zeroMse(JavaRDD<Episode> episodes) {
    double[] s =
        episodes
            .map(
                e -> {
                  double[] a = new double[2];
                  for (int j = 0; j < e.target().length; j++) {
                    if (e.mask() == null || e.mask()[j]) {
                      a[0] += (double) e.target()[j] * e.target()[j];
                      a[1]++;
                    }
                  }
                  return a;
                })
            .reduce((a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
    return s[1] == 0 ? 0 : s[0] / s[1];
  }
}
