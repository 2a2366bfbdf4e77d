package dev.hiss.model.hiss.internal;

/**
 * The Δt-scale input of a HiSS model ({@code HissConfig.dt()}): the last channel of the input
 * [rows, width], its validation and the per-chunk means that the levels above level 0 use.
 */
public final class DtScales {

  private DtScales() {}

  /**
   * Splits the last channel off.
   *
   * @param x input [rows, width]
   * @param rows number of rows (samples)
   * @param width the width including the Δt channel
   * @param dt receives the last channel [rows]
   * @return the other channels [rows, width − 1]
   */
  public static float[] split(float[] x, int rows, int width, float[] dt) {
    int f = width - 1;
    float[] features = new float[rows * f];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(x, r * width, features, r * f, f);
      dt[r] = x[r * width + f];
    }
    return features;
  }

  /**
   * Appends a channel.
   *
   * @param features [rows, f]
   * @param dt [rows]
   * @param rows number of rows
   * @param f feature width
   * @return [rows, f + 1] with dt last
   */
  public static float[] merge(float[] features, float[] dt, int rows, int f) {
    float[] x = new float[rows * (f + 1)];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(features, r * f, x, r * (f + 1), f);
      x[r * (f + 1) + f] = dt[r];
    }
    return x;
  }

  /**
   * Checks that every Δt scale is finite and &gt; 0.
   *
   * @param dt [batch, length]
   * @param length samples per series
   * @throws IllegalArgumentException naming the first bad value and its position
   */
  public static void check(float[] dt, int length) {
    for (int i = 0; i < dt.length; i++) {
      float v = dt[i];
      if (!(v > 0 && Float.isFinite(v))) {
        throw new IllegalArgumentException(
            "Invalid Δt scale = "
                + v
                + " at [series "
                + i / length
                + ", sample "
                + i % length
                + "] (the last input channel); must be finite and > 0");
      }
    }
  }

  /**
   * The per-chunk Δt scale of the next level: the mean of each run of {@code k} values, summed in
   * float in order and divided by k (the streaming model accumulates the same way).
   *
   * @param dt [count·k]
   * @param count number of chunks
   * @param k chunk size
   * @return [count]
   */
  public static float[] chunkMeans(float[] dt, int count, int k) {
    float[] m = new float[count];
    for (int c = 0; c < count; c++) {
      float s = 0f;
      for (int j = 0; j < k; j++) {
        s += dt[c * k + j];
      }
      m[c] = s / k;
    }
    return m;
  }
}
