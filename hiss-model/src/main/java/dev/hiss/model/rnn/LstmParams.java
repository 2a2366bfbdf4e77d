package dev.hiss.model.rnn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The trainable parameters of an LSTM layer as flat {@code float[]} arrays in PyTorch's {@code
 * nn.LSTM} layout; the same class holds parameter gradients (see {@link #zeros(LstmConfig)}).
 *
 * <p>Shapes (I = input size, H = hidden size, row-major, gate blocks in the order i, f, g, o, so
 * that row r = q·H + j is gate q ∈ {i, f, g, o} of unit j):
 *
 * <ul>
 *   <li>{@code wIh} [4H·I], index r·I + i: {@code weight_ih_l0};
 *   <li>{@code wHh} [4H·H], index r·H + j: {@code weight_hh_l0};
 *   <li>{@code bIh} [4H]: {@code bias_ih_l0};
 *   <li>{@code bHh} [4H]: {@code bias_hh_l0}.
 * </ul>
 */
public final class LstmParams {

  /** The configuration these parameters belong to. */
  public final LstmConfig config;

  /** W_ih, [4H·I]. */
  public final float[] wIh;

  /** W_hh, [4H·H]. */
  public final float[] wHh;

  /** b_ih, [4H]. */
  public final float[] bIh;

  /** b_hh, [4H]. */
  public final float[] bHh;

  private LstmParams(LstmConfig config) {
    this.config = config;
    int rows = config.gateRows();
    wIh = new float[rows * config.inputSize()];
    wHh = new float[rows * config.hiddenSize()];
    bIh = new float[rows];
    bHh = new float[rows];
  }

  /**
   * All-zero parameters, e.g. a gradient accumulator.
   *
   * @param config the layer configuration
   * @return zeros of every parameter shape
   */
  public static LstmParams zeros(LstmConfig config) {
    return new LstmParams(config);
  }

  /**
   * PyTorch's initialization, deterministic for a seed: every weight and bias ~ U(−1/√H, 1/√H);
   * then the forget-gate rows of the biases are set to b_if = {@link LstmConfig#forgetBias()}, b_hf
   * = 0.
   *
   * @param config the layer configuration
   * @param seed random seed
   * @return freshly initialized parameters
   */
  public static LstmParams initialize(LstmConfig config, long seed) {
    LstmParams p = new LstmParams(config);
    SplittableRandom rnd = new SplittableRandom(seed);
    double k = 1.0 / Math.sqrt(config.hiddenSize());
    for (float[] a : p.arrays().values()) {
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) (-k + 2 * k * rnd.nextDouble());
      }
    }
    int hs = config.hiddenSize();
    Arrays.fill(p.bIh, hs, 2 * hs, (float) config.forgetBias());
    Arrays.fill(p.bHh, hs, 2 * hs, 0f);
    return p;
  }

  /** Returns a deep copy. */
  public LstmParams copy() {
    LstmParams c = new LstmParams(config);
    Map<String, float[]> dst = c.arrays();
    arrays().forEach((k, v) -> System.arraycopy(v, 0, dst.get(k), 0, v.length));
    return c;
  }

  /** Sets every entry to zero (for reusing a gradient accumulator). */
  public void clear() {
    arrays().values().forEach(a -> Arrays.fill(a, 0f));
  }

  /**
   * The parameter arrays by name, in a fixed order: wIh, wHh, bIh, bHh. The arrays are the live
   * backing arrays, not copies.
   *
   * @return name → array
   */
  public Map<String, float[]> arrays() {
    Map<String, float[]> m = new LinkedHashMap<>();
    m.put("wIh", wIh);
    m.put("wHh", wHh);
    m.put("bIh", bIh);
    m.put("bHh", bHh);
    return m;
  }
}
