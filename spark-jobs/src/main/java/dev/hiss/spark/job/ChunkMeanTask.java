package dev.hiss.spark.job;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The HiSS forecasting task of {@link TrainHissJob}: inputs are the chosen channels at the sample
 * rate, standardized; the target of chunk {@code j} (samples {@code [jk, (j+1)k)}) is the
 * standardized mean of the target channel over the <em>next</em> chunk, samples {@code [(j+1)k,
 * (j+2)k)}: a forecast k samples ahead at the chunk rate, which the causal HiSS model can make
 * because prediction j sees samples up to the end of chunk j only.
 *
 * <p>Per device the series is split in time at {@code cut = floor(T·(1 − validationFraction))}:
 * training episodes are the non-overlapping windows of {@code L = chunks·k} samples inside {@code
 * [0, cut)}, validation episodes those inside {@code [cut, T)}. A target step whose next chunk
 * crosses the end of its part is masked, so no training target reads validation samples.
 */
public final class ChunkMeanTask {
  private ChunkMeanTask() {}

  /** An episode before it gets its global index. */
  public static final class Draft implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Start sample within the device series. */
    public final int start;

    /** Whether it is a training (else validation) episode. */
    public final boolean train;

    /** Inputs [L, D_in]. */
    public final float[] input;

    /** Targets [L/k]. */
    public final float[] target;

    /** Target validity [L/k]. */
    public final boolean[] mask;

    Draft(int start, boolean train, float[] input, float[] target, boolean[] mask) {
      this.start = start;
      this.train = train;
      this.input = input;
      this.target = target;
      this.mask = mask;
    }
  }

  /** Returns the split point of a series of {@code length} samples. */
  public static int cut(int length, double validationFraction) {
    return (int) Math.floor(length * (1 - validationFraction));
  }

  /**
   * The episodes of one device.
   *
   * @param channels [C][T] time-ordered channel values
   * @param inputs indices into {@code channels} of the input channels
   * @param target index into {@code channels} of the target channel
   * @param k chunk size
   * @param chunks chunks per episode
   * @param validationFraction held-out fraction of the series, in (0, 1)
   * @param mean per-channel mean used to standardize (indexed like {@code channels})
   * @param std per-channel standard deviation, &gt; 0
   * @return training then validation episodes, in time order
   */
  public static List<Draft> episodes(
      double[][] channels,
      int[] inputs,
      int target,
      int k,
      int chunks,
      double validationFraction,
      double[] mean,
      double[] std) {
    int length = channels[0].length;
    int cut = cut(length, validationFraction);
    List<Draft> out = new ArrayList<>();
    window(channels, inputs, target, k, chunks, 0, cut, true, mean, std, out);
    window(channels, inputs, target, k, chunks, cut, length, false, mean, std, out);
    return out;
  }

  private static void window(
      double[][] ch,
      int[] inputs,
      int target,
      int k,
      int chunks,
      int from,
      int to,
      boolean train,
      double[] mean,
      double[] std,
      List<Draft> out) {
    int len = chunks * k;
    for (int s = from; s + len <= to; s += len) {
      float[] x = new float[len * inputs.length];
      for (int t = 0; t < len; t++) {
        for (int c = 0; c < inputs.length; c++) {
          int i = inputs[c];
          x[t * inputs.length + c] = (float) ((ch[i][s + t] - mean[i]) / std[i]);
        }
      }
      float[] y = new float[chunks];
      boolean[] m = new boolean[chunks];
      for (int j = 0; j < chunks; j++) {
        int a = s + (j + 1) * k;
        if (a + k > to) {
          continue;
        }
        double sum = 0;
        for (int t = a; t < a + k; t++) {
          sum += ch[target][t];
        }
        y[j] = (float) ((sum / k - mean[target]) / std[target]);
        m[j] = true;
      }
      out.add(new Draft(s, train, x, y, m));
    }
  }
}
