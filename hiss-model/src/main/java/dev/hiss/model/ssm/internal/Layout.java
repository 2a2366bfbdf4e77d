package dev.hiss.model.ssm.internal;

/**
 * Transposes between the public sequence layout [batch, length, H] and the scan layout [batch, H,
 * length], in which each channel's time series is contiguous.
 */
public final class Layout {

  private Layout() {}

  /**
   * [batch, length, H] → [batch, H, length].
   *
   * @param x input, [batch, length, H]
   * @param batch batch size
   * @param length sequence length
   * @param hCount H
   * @return a new array [batch, H, length]
   */
  public static float[] toChannelMajor(float[] x, int batch, int length, int hCount) {
    float[] out = new float[x.length];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < length; t++) {
        int src = (b * length + t) * hCount;
        for (int h = 0; h < hCount; h++) {
          out[(b * hCount + h) * length + t] = x[src + h];
        }
      }
    }
    return out;
  }

  /**
   * [batch, H, length] → [batch, length, H].
   *
   * @param x input, [batch, H, length]
   * @param batch batch size
   * @param length sequence length
   * @param hCount H
   * @param out receives [batch, length, H]
   */
  public static void fromChannelMajor(float[] x, int batch, int length, int hCount, float[] out) {
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < length; t++) {
        int dst = (b * length + t) * hCount;
        for (int h = 0; h < hCount; h++) {
          out[dst + h] = x[(b * hCount + h) * length + t];
        }
      }
    }
  }
}
