package dev.hiss.model.ssm;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The trainable parameters of a Mamba mixer ({@link MambaConfig}), as flat row-major {@code
 * float[]} arrays in the PyTorch weight layouts of mamba_ssm's {@code Mamba} module. The same class
 * holds parameter gradients (see {@link #zeros(MambaConfig)}).
 *
 * <p>Shapes (D = dModel, I = E·D = dInner, N = dState, R = dtRank, K = dConv):
 *
 * <ul>
 *   <li>{@code inProj} [2I, D]: rows 0…I−1 give x, rows I…2I−1 give z (no bias);
 *   <li>{@code convWeight} [I, K]: depthwise, column K−1 multiplies the newest input;
 *   <li>{@code convBias} [I];
 *   <li>{@code xProj} [R + 2N, I]: rows give Δ_raw (R), B (N), C (N) (no bias);
 *   <li>{@code dtProjWeight} [I, R], {@code dtProjBias} [I]: Δ = softplus(W·Δ_raw + b);
 *   <li>{@code aLog} [I, N]: A = −exp(aLog);
 *   <li>{@code d} [I]: skip connection D;
 *   <li>{@code outProj} [D, I] (no bias).
 * </ul>
 */
public final class MambaParams implements StateSpaceKernel.Parameters {

  /** The configuration these parameters belong to. */
  public final MambaConfig config;

  /** in_proj weight, [2I, D]. */
  public final float[] inProj;

  /** conv1d weight, [I, K]. */
  public final float[] convWeight;

  /** conv1d bias, [I]. */
  public final float[] convBias;

  /** x_proj weight, [R + 2N, I]. */
  public final float[] xProj;

  /** dt_proj weight, [I, R]. */
  public final float[] dtProjWeight;

  /** dt_proj bias, [I]. */
  public final float[] dtProjBias;

  /** log(−A), [I, N]. */
  public final float[] aLog;

  /** D, [I]. */
  public final float[] d;

  /** out_proj weight, [D, I]. */
  public final float[] outProj;

  private MambaParams(MambaConfig config) {
    this.config = config;
    int dm = config.dModel();
    int di = config.dInner();
    inProj = new float[2 * di * dm];
    convWeight = new float[di * config.dConv()];
    convBias = new float[di];
    xProj = new float[config.xProjWidth() * di];
    dtProjWeight = new float[di * config.dtRank()];
    dtProjBias = new float[di];
    aLog = new float[di * config.dState()];
    d = new float[di];
    outProj = new float[dm * di];
  }

  /**
   * All-zero parameters, e.g. a gradient accumulator.
   *
   * @param config the mixer configuration
   * @return zeros of every parameter shape
   */
  public static MambaParams zeros(MambaConfig config) {
    return new MambaParams(config);
  }

  /**
   * The mamba_ssm 1.x initialization as used by HiSS (no GPT-2 rescale): in_proj, conv1d (weight
   * and bias), x_proj and out_proj ~ U(±1/sqrt(fan_in)) (PyTorch defaults; conv fan_in = K);
   * dt_proj weight ~ U(±R^−½·dtScale); dt = exp(U[ln dtMin, ln dtMax]) clamped at ≥ dtInitFloor and
   * dt_proj bias = softplus⁻¹(dt) = dt + ln(−expm1(−dt)); aLog[i, n] = ln(n + 1) (S4D-Real); D = 1.
   * Deterministic for a given seed.
   *
   * @param config the mixer configuration
   * @param seed random seed
   * @return freshly initialized parameters
   */
  public static MambaParams initialize(MambaConfig config, long seed) {
    MambaParams p = new MambaParams(config);
    SplittableRandom rnd = new SplittableRandom(seed);
    int di = config.dInner();
    uniform(p.inProj, 1 / Math.sqrt(config.dModel()), rnd);
    uniform(p.convWeight, 1 / Math.sqrt(config.dConv()), rnd);
    uniform(p.convBias, 1 / Math.sqrt(config.dConv()), rnd);
    uniform(p.xProj, 1 / Math.sqrt(di), rnd);
    uniform(p.dtProjWeight, config.dtScale() / Math.sqrt(config.dtRank()), rnd);
    double lo = Math.log(config.dtMin());
    double hi = Math.log(config.dtMax());
    for (int i = 0; i < di; i++) {
      double dt = Math.max(Math.exp(lo + (hi - lo) * rnd.nextDouble()), config.dtInitFloor());
      p.dtProjBias[i] = (float) (dt + Math.log(-Math.expm1(-dt)));
      for (int n = 0; n < config.dState(); n++) {
        p.aLog[i * config.dState() + n] = (float) Math.log(n + 1.0);
      }
      p.d[i] = 1f;
    }
    uniform(p.outProj, 1 / Math.sqrt(di), rnd);
    return p;
  }

  private static void uniform(float[] a, double bound, SplittableRandom rnd) {
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) ((2 * rnd.nextDouble() - 1) * bound);
    }
  }

  /** Returns a deep copy. */
  public MambaParams copy() {
    MambaParams c = new MambaParams(config);
    Map<String, float[]> dst = c.arrays();
    arrays().forEach((k, v) -> System.arraycopy(v, 0, dst.get(k), 0, v.length));
    return c;
  }

  /** Sets every entry to zero (for reusing a gradient accumulator). */
  public void clear() {
    arrays().values().forEach(a -> Arrays.fill(a, 0f));
  }

  /**
   * The parameter arrays by name, in a fixed order: inProj, convWeight, convBias, xProj,
   * dtProjWeight, dtProjBias, aLog, d, outProj. The arrays are the live backing arrays, not copies.
   *
   * @return name → array
   */
  public Map<String, float[]> arrays() {
    Map<String, float[]> m = new LinkedHashMap<>();
    m.put("inProj", inProj);
    m.put("convWeight", convWeight);
    m.put("convBias", convBias);
    m.put("xProj", xProj);
    m.put("dtProjWeight", dtProjWeight);
    m.put("dtProjBias", dtProjBias);
    m.put("aLog", aLog);
    m.put("d", d);
    m.put("outProj", outProj);
    return m;
  }
}
