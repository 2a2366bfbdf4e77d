package dev.hiss.model.attention;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The trainable parameters of a {@link TransformerLayer} as flat {@code float[]} arrays in the
 * layout of PyTorch's {@code nn.TransformerEncoderLayer}; the same class holds parameter gradients
 * (see {@link #zeros(TransformerConfig)}).
 *
 * <p>Shapes (H = width, F = ffnSize, row-major [out, in] weights as in {@code nn.Linear}):
 *
 * <ul>
 *   <li>{@code norm1W}, {@code norm1B} [H]: {@code norm1.weight}, {@code norm1.bias};
 *   <li>{@code inProjW} [3H·H], {@code inProjB} [3H]: {@code self_attn.in_proj_weight/bias}, rows
 *       0…H−1 the queries, H…2H−1 the keys, 2H…3H−1 the values; head h owns columns h·d … (h+1)·d−1
 *       of each;
 *   <li>{@code outProjW} [H·H], {@code outProjB} [H]: {@code self_attn.out_proj.weight/bias};
 *   <li>{@code norm2W}, {@code norm2B} [H]: {@code norm2.weight/bias};
 *   <li>{@code lin1W} [F·H], {@code lin1B} [F]: {@code linear1.weight/bias};
 *   <li>{@code lin2W} [H·F], {@code lin2B} [H]: {@code linear2.weight/bias}.
 * </ul>
 */
public final class TransformerParams {

  /** The configuration these parameters belong to. */
  public final TransformerConfig config;

  /** LN₁ weight, [H]. */
  public final float[] norm1W;

  /** LN₁ bias, [H]. */
  public final float[] norm1B;

  /** Packed q/k/v projection weight, [3H·H]. */
  public final float[] inProjW;

  /** Packed q/k/v projection bias, [3H]. */
  public final float[] inProjB;

  /** Attention output projection weight, [H·H]. */
  public final float[] outProjW;

  /** Attention output projection bias, [H]. */
  public final float[] outProjB;

  /** LN₂ weight, [H]. */
  public final float[] norm2W;

  /** LN₂ bias, [H]. */
  public final float[] norm2B;

  /** MLP first weight, [F·H]. */
  public final float[] lin1W;

  /** MLP first bias, [F]. */
  public final float[] lin1B;

  /** MLP second weight, [H·F]. */
  public final float[] lin2W;

  /** MLP second bias, [H]. */
  public final float[] lin2B;

  private TransformerParams(TransformerConfig config) {
    this.config = config;
    int h = config.width();
    int f = config.ffnSize();
    norm1W = new float[h];
    norm1B = new float[h];
    inProjW = new float[3 * h * h];
    inProjB = new float[3 * h];
    outProjW = new float[h * h];
    outProjB = new float[h];
    norm2W = new float[h];
    norm2B = new float[h];
    lin1W = new float[f * h];
    lin1B = new float[f];
    lin2W = new float[h * f];
    lin2B = new float[h];
  }

  /**
   * All-zero parameters, e.g. a gradient accumulator.
   *
   * @param config the layer configuration
   * @return zeros of every parameter shape
   */
  public static TransformerParams zeros(TransformerConfig config) {
    return new TransformerParams(config);
  }

  /**
   * PyTorch's initialization, deterministic for a seed: LayerNorms weight 1 and bias 0; {@code
   * in_proj_weight} Xavier-uniform U(±√(6/(H+3H))), {@code in_proj_bias} and {@code out_proj.bias}
   * 0; {@code out_proj.weight} U(±1/√H); linear1 and linear2 weights and biases U(±1/√fan_in).
   *
   * @param config the layer configuration
   * @param seed random seed
   * @return freshly initialized parameters
   */
  public static TransformerParams initialize(TransformerConfig config, long seed) {
    TransformerParams p = new TransformerParams(config);
    SplittableRandom rnd = new SplittableRandom(seed);
    int h = config.width();
    int f = config.ffnSize();
    Arrays.fill(p.norm1W, 1f);
    Arrays.fill(p.norm2W, 1f);
    uniform(p.inProjW, Math.sqrt(6.0 / (4 * h)), rnd);
    uniform(p.outProjW, 1 / Math.sqrt(h), rnd);
    uniform(p.lin1W, 1 / Math.sqrt(h), rnd);
    uniform(p.lin1B, 1 / Math.sqrt(h), rnd);
    uniform(p.lin2W, 1 / Math.sqrt(f), rnd);
    uniform(p.lin2B, 1 / Math.sqrt(f), rnd);
    return p;
  }

  private static void uniform(float[] a, double bound, SplittableRandom rnd) {
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) ((2 * rnd.nextDouble() - 1) * bound);
    }
  }

  /** Returns a deep copy. */
  public TransformerParams copy() {
    TransformerParams c = new TransformerParams(config);
    Map<String, float[]> dst = c.arrays();
    arrays().forEach((k, v) -> System.arraycopy(v, 0, dst.get(k), 0, v.length));
    return c;
  }

  /** Sets every entry to zero (for reusing a gradient accumulator). */
  public void clear() {
    arrays().values().forEach(a -> Arrays.fill(a, 0f));
  }

  /**
   * The parameter arrays by name, in a fixed order: norm1W, norm1B, inProjW, inProjB, outProjW,
   * outProjB, norm2W, norm2B, lin1W, lin1B, lin2W, lin2B. The arrays are the live backing arrays,
   * not copies.
   *
   * @return name → array
   */
  public Map<String, float[]> arrays() {
    Map<String, float[]> m = new LinkedHashMap<>();
    m.put("norm1W", norm1W);
    m.put("norm1B", norm1B);
    m.put("inProjW", inProjW);
    m.put("inProjB", inProjB);
    m.put("outProjW", outProjW);
    m.put("outProjB", outProjB);
    m.put("norm2W", norm2W);
    m.put("norm2B", norm2B);
    m.put("lin1W", lin1W);
    m.put("lin1B", lin1B);
    m.put("lin2W", lin2W);
    m.put("lin2B", lin2B);
    return m;
  }
}
