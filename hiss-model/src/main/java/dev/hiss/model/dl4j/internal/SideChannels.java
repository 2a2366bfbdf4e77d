package dev.hiss.model.dl4j.internal;

import dev.hiss.model.dl4j.SsmLayerConf;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The Δt-scale and reset side channels of an {@link SsmLayerConf} input (see its class comment): in
 * the kernel layout [batch, time, nIn], channels 0 … H−1 are data, channel H the Δt scale (when
 * enabled) and channel nIn − 1 the reset flag (when enabled).
 */
final class SideChannels {

  private SideChannels() {}

  /**
   * The data channels.
   *
   * @param x input in the kernel layout [batch, time, nIn]
   * @param h H, the data channel count
   * @return a view [batch, time, H] (x itself when there are no side channels)
   */
  static INDArray data(INDArray x, long h) {
    return x.size(2) == h
        ? x
        : x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, h));
  }

  /**
   * Reads and validates the side channels.
   *
   * @param conf the layer configuration
   * @param x input in the kernel layout [batch, time, nIn]
   * @param mask the input mask [batch, time] (0 = padding: Δt read as 1, no reset), or null
   * @param where the layer, for messages
   * @return the Δt scale and reset mask, each [batch, time] or null when not enabled
   * @throws IllegalArgumentException naming the value and its position if a Δt value is not finite
   *     and &gt; 0 or a reset flag is not 0 or 1
   */
  static SsmCompute.Side read(SsmLayerConf conf, INDArray x, INDArray mask, String where) {
    if (conf.extraChannels() == 0) {
      return SsmCompute.Side.NONE;
    }
    int batch = Math.toIntExact(x.size(0));
    int time = Math.toIntExact(x.size(1));
    int width = Math.toIntExact(x.size(2));
    int h = width - conf.extraChannels();
    double[] v = SsmCompute.doubles(x);
    double[] m =
        mask == null || mask.length() != (long) batch * time ? null : SsmCompute.doubles(mask);
    double[] dt = conf.isDtChannel() ? new double[batch * time] : null;
    boolean[] reset = conf.isResetChannel() ? new boolean[batch * time] : null;
    for (int k = 0; k < batch * time; k++) {
      boolean padded = m != null && m[k] == 0;
      if (dt != null) {
        double d = v[k * width + h];
        if (!padded && !(d > 0 && Double.isFinite(d))) {
          throw new IllegalArgumentException(
              "Invalid Δt scale = "
                  + d
                  + " at [example "
                  + k / time
                  + ", step "
                  + k % time
                  + "] (input channel "
                  + h
                  + ") of "
                  + where
                  + "; must be finite and > 0");
        }
        dt[k] = padded ? 1 : d;
      }
      if (reset != null) {
        double r = v[k * width + width - 1];
        if (!padded && r != 0 && r != 1) {
          throw new IllegalArgumentException(
              "Invalid reset flag = "
                  + r
                  + " at [example "
                  + k / time
                  + ", step "
                  + k % time
                  + "] (input channel "
                  + (width - 1)
                  + ") of "
                  + where
                  + "; must be 0 or 1");
        }
        reset[k] = !padded && r == 1;
      }
    }
    return new SsmCompute.Side(dt, reset);
  }
}
