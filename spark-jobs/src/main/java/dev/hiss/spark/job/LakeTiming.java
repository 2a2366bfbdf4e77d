package dev.hiss.spark.job;

import dev.hiss.model.hiss.HissForecaster;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;

/**
 * The Δt input of {@code ./hiss train --dt} ({@link TrainHissJob.Config#dt()}): per device the gap
 * of each lake row to the previous row of that device ({@code ts_ns}), the nominal gap (the median
 * gap of the training part, every device together) and the Δt scale channel appended to the
 * episodes.
 *
 * <p>A device series with timing carries two more rows after its channels: {@link #gapRow} holds
 * the gap in nanoseconds of sample t to sample t − 1 (0 at t = 0) and {@link #seqRow} the sample's
 * {@code seq} (−1 when it had none), both as doubles (exact below 2^53).
 */
final class LakeTiming {
  private LakeTiming() {}

  /**
   * The channels with the gap and seq rows appended.
   *
   * @param channels [C][T] channel values in time order
   * @param tsNs [T] the rows' timestamps, in the same order
   * @param seq [T] the rows' sequence numbers (−1 = none)
   * @return [C + 2][T]
   */
  static double[][] withTiming(double[][] channels, long[] tsNs, long[] seq) {
    int c = channels.length;
    double[][] out = java.util.Arrays.copyOf(channels, c + 2);
    double[] gaps = new double[tsNs.length];
    double[] seqs = new double[tsNs.length];
    for (int t = 0; t < tsNs.length; t++) {
      gaps[t] = t == 0 ? 0 : (double) (tsNs[t] - tsNs[t - 1]);
      seqs[t] = seq[t];
    }
    out[c] = gaps;
    out[c + 1] = seqs;
    return out;
  }

  /** Index of the gap row of a series with timing. */
  static int gapRow(double[][] series) {
    return series.length - 2;
  }

  /** Index of the seq row of a series with timing. */
  static int seqRow(double[][] series) {
    return series.length - 1;
  }

  /**
   * Rejects a device whose timestamps do not increase strictly.
   *
   * @param series (device, channels with timing)
   * @throws IllegalArgumentException naming the first such device, its row's seq and the gap
   */
  static void requirePositiveGaps(JavaPairRDD<String, double[][]> series) {
    List<String> bad =
        series
            .flatMap(
                p -> {
                  double[][] s = p._2();
                  double[] gaps = s[gapRow(s)];
                  List<String> out = new ArrayList<>(1);
                  for (int t = 1; t < gaps.length && out.isEmpty(); t++) {
                    if (!(gaps[t] > 0)) {
                      out.add(
                          "Invalid --dt: device '"
                              + p._1()
                              + "' has a row (seq "
                              + (long) s[seqRow(s)][t]
                              + ") whose ts_ns is "
                              + (long) gaps[t]
                              + " ns after the previous row's (seq "
                              + (long) s[seqRow(s)][t - 1]
                              + "); timestamps of a device must increase strictly");
                    }
                  }
                  return out.iterator();
                })
            .take(1);
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException(bad.get(0));
    }
  }

  /**
   * The nominal gap: the exact median of the gaps of the training part (samples 1 .. cut − 1 of
   * every device, {@link ChunkMeanTask#cut}), in seconds.
   *
   * @param series (device, channels with timing)
   * @param validationFraction the held-out fraction
   * @return the median gap in seconds, &gt; 0
   * @throws IllegalArgumentException if the training part has no gap
   */
  static double medianGapSeconds(
      JavaPairRDD<String, double[][]> series, double validationFraction) {
    JavaRDD<Double> gaps =
        series
            .values()
            .flatMap(
                s -> {
                  double[] g = s[gapRow(s)];
                  int cut = ChunkMeanTask.cut(g.length, validationFraction);
                  List<Double> out = new ArrayList<>(Math.max(0, cut - 1));
                  for (int t = 1; t < cut; t++) {
                    out.add(g[t]);
                  }
                  return out.iterator();
                });
    long n = gaps.count();
    if (n == 0) {
      throw new IllegalArgumentException(
          "Invalid --dt: the training part has no gap between two rows of a device");
    }
    long lo = (n - 1) / 2;
    long hi = n / 2;
    List<Double> middle =
        gaps.sortBy(g -> g, true, Math.max(1, gaps.getNumPartitions()))
            .zipWithIndex()
            .filter(p -> p._2() == lo || p._2() == hi)
            .map(p -> p._1())
            .collect();
    double median = middle.stream().mapToDouble(Double::doubleValue).sum() / middle.size();
    return median / 1e9;
  }

  /**
   * An episode with the Δt scale appended to every input sample: {@link
   * HissForecaster#dtScale(long, double)} of the sample's gap, 1 for the first sample of a device.
   *
   * @param d the episode, inputs [L, D_in]
   * @param din D_in
   * @param gapsNs the device's gap row
   * @param nominalSeconds the nominal gap
   * @return the episode with inputs [L, D_in + 1]
   */
  static ChunkMeanTask.Draft withScales(
      ChunkMeanTask.Draft d, int din, double[] gapsNs, double nominalSeconds) {
    int l = d.input.length / din;
    float[] x = new float[l * (din + 1)];
    for (int t = 0; t < l; t++) {
      System.arraycopy(d.input, t * din, x, t * (din + 1), din);
      int at = d.start + t;
      x[t * (din + 1) + din] =
          at == 0 ? 1f : HissForecaster.dtScale((long) gapsNs[at], nominalSeconds);
    }
    return new ChunkMeanTask.Draft(d.start, d.train, x, d.target, d.mask);
  }
}
