package dev.hiss.model.ssm;

import dev.hiss.model.ssm.internal.HippoN;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The trainable parameters of an S5 layer as flat {@code float[]} arrays; the same class holds
 * parameter gradients (see {@link #zeros(S5Config)}).
 *
 * <p>Shapes (H = channels, M = {@link S5Config#modes()}, row-major):
 *
 * <ul>
 *   <li>{@code lambdaRe} [M]: Re λ, unconstrained as in S5 (clamped ≤ −1e-4 only when {@link
 *       S5Config#clipEigs()});
 *   <li>{@code lambdaIm} [M]: Im λ;
 *   <li>{@code bRe, bIm} [M·H], index m·H + h: B̃ = V⁻¹B;
 *   <li>{@code cRe, cIm} [H·M], index h·M + m: C̃ = CV;
 *   <li>{@code d} [H]: feed-through D;
 *   <li>{@code logDt} [M]: Δ_m = exp(logDt_m), one time scale per stored mode.
 * </ul>
 */
public final class S5Params implements StateSpaceKernel.Parameters {

  /** Std correction of a normal truncated to ±2σ (jax {@code variance_scaling}). */
  private static final double TRUNC_STD = 0.87962566103423978;

  /** The configuration these parameters belong to. */
  public final S5Config config;

  /** Re λ, [M]. */
  public final float[] lambdaRe;

  /** Im λ, [M]. */
  public final float[] lambdaIm;

  /** Re B̃, [M·H]. */
  public final float[] bRe;

  /** Im B̃, [M·H]. */
  public final float[] bIm;

  /** Re C̃, [H·M]. */
  public final float[] cRe;

  /** Im C̃, [H·M]. */
  public final float[] cIm;

  /** D, [H]. */
  public final float[] d;

  /** log Δ, [M]. */
  public final float[] logDt;

  private S5Params(S5Config config) {
    this.config = config;
    int h = config.channels();
    int m = config.modes();
    lambdaRe = new float[m];
    lambdaIm = new float[m];
    bRe = new float[m * h];
    bIm = new float[m * h];
    cRe = new float[h * m];
    cIm = new float[h * m];
    d = new float[h];
    logDt = new float[m];
  }

  /**
   * All-zero parameters, e.g. a gradient accumulator.
   *
   * @param config the layer configuration
   * @return zeros of every parameter shape
   */
  public static S5Params zeros(S5Config config) {
    return new S5Params(config);
  }

  /**
   * The S5 initialization (lindermanlab/S5 {@code init_S5SSM}), deterministic for a seed: λ from
   * the block-diagonal HiPPO-N ({@link HippoN}); B̃ = V⁻¹B with real B [P, H] ~ lecun normal
   * (truncated at ±2σ, σ = 1/√P); C̃ = CV with complex C [H, P] whose real and imaginary parts are
   * each lecun normal with σ = 1/√P ({@code trunc_standard_normal}); D ~ N(0, 1); logDt ~ U[ln
   * dtMin, ln dtMax] per mode. Computed in double, rounded once to float.
   *
   * <p>With {@link S5Config#ptd()} Λ, V and V⁻¹ come instead from the S5-PTD diagonalization of
   * HiPPO-LegS + E ({@link HippoN#perturbed}; E seeded by {@code seed}, ‖E‖₂ = {@link
   * S5Config#ptdEpsilon()}); B, C, D and Δ are the same draws as without PTD for the same seed.
   *
   * @param config the layer configuration
   * @param seed random seed
   * @return freshly initialized parameters
   */
  public static S5Params initialize(S5Config config, long seed) {
    S5Params p = new S5Params(config);
    SplittableRandom rnd = new SplittableRandom(seed);
    int hCount = config.channels();
    int full = config.stateSize();
    HippoN init =
        config.ptd()
            ? HippoN.perturbed(
                full, config.blocks(), config.conjSym(), config.ptdEpsilon(), ptdSeed(seed))
            : HippoN.compute(full, config.blocks(), config.conjSym());
    double sigma = 1.0 / Math.sqrt(full);
    double[] b = new double[full * hCount];
    for (int i = 0; i < b.length; i++) {
      b[i] = truncatedNormal(rnd, sigma);
    }
    double[] cr = new double[hCount * full];
    double[] ci = new double[hCount * full];
    for (int i = 0; i < cr.length; i++) {
      cr[i] = truncatedNormal(rnd, sigma);
      ci[i] = truncatedNormal(rnd, sigma);
    }
    copy(init.lambdaRe, p.lambdaRe);
    copy(init.lambdaIm, p.lambdaIm);
    double[][] bt = init.vinvTimes(b, hCount);
    copy(bt[0], p.bRe);
    copy(bt[1], p.bIm);
    double[][] ct = init.timesV(cr, ci, hCount);
    copy(ct[0], p.cRe);
    copy(ct[1], p.cIm);
    for (int h = 0; h < hCount; h++) {
      p.d[h] = (float) rnd.nextGaussian();
    }
    double lo = Math.log(config.dtMin());
    double hi = Math.log(config.dtMax());
    for (int m = 0; m < p.logDt.length; m++) {
      p.logDt[m] = (float) (lo + (hi - lo) * rnd.nextDouble());
    }
    return p;
  }

  /**
   * The seed of the S5-PTD perturbation E for a parameter seed (decorrelated from the B, C draws).
   *
   * @param seed the seed passed to {@link #initialize}
   * @return the seed of E
   */
  static long ptdSeed(long seed) {
    return seed ^ 0x9E3779B97F4A7C15L;
  }

  private static double truncatedNormal(SplittableRandom rnd, double sigma) {
    double z;
    do {
      z = rnd.nextGaussian();
    } while (Math.abs(z) > 2.0);
    return z * sigma / TRUNC_STD;
  }

  private static void copy(double[] src, float[] dst) {
    for (int i = 0; i < src.length; i++) {
      dst[i] = (float) src[i];
    }
  }

  /** Returns a deep copy. */
  public S5Params copy() {
    S5Params c = new S5Params(config);
    Map<String, float[]> dst = c.arrays();
    arrays().forEach((k, v) -> System.arraycopy(v, 0, dst.get(k), 0, v.length));
    return c;
  }

  /** Sets every entry to zero (for reusing a gradient accumulator). */
  public void clear() {
    arrays().values().forEach(a -> Arrays.fill(a, 0f));
  }

  /**
   * The parameter arrays by name, in a fixed order: lambdaRe, lambdaIm, bRe, bIm, cRe, cIm, d,
   * logDt. The arrays are the live backing arrays, not copies.
   *
   * @return name → array
   */
  public Map<String, float[]> arrays() {
    Map<String, float[]> m = new LinkedHashMap<>();
    m.put("lambdaRe", lambdaRe);
    m.put("lambdaIm", lambdaIm);
    m.put("bRe", bRe);
    m.put("bIm", bIm);
    m.put("cRe", cRe);
    m.put("cIm", cIm);
    m.put("d", d);
    m.put("logDt", logDt);
    return m;
  }
}
