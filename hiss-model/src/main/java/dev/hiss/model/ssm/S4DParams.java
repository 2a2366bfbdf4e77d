package dev.hiss.model.ssm;

import dev.hiss.model.ssm.internal.Complex;
import dev.hiss.model.ssm.internal.HippoLegS;
import dev.hiss.model.ssm.internal.PerturbedHippo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The unconstrained trainable parameters of an S4D layer, as flat {@code float[]} arrays. The same
 * class holds parameter gradients (see {@link #zeros(S4DConfig)}).
 *
 * <p>Shapes (H = channels, N = stateSize, row-major, index h·N + n):
 *
 * <ul>
 *   <li>{@code logDt} [H]: Δ_h = exp(logDt_h);
 *   <li>{@code aReal} [H·N]: Re A = −exp(aReal) (always < 0);
 *   <li>{@code aImag} [H·N]: Im A = aImag (unconstrained; its sign is irrelevant under conjugate
 *       symmetry);
 *   <li>{@code bRe, bIm} [H·N]: B;
 *   <li>{@code cRe, cIm} [H·N]: C;
 *   <li>{@code d} [H]: skip connection D.
 * </ul>
 */
public final class S4DParams implements StateSpaceKernel.Parameters {

  /** The configuration these parameters belong to. */
  public final S4DConfig config;

  /** log Δ, [H]. */
  public final float[] logDt;

  /** log(−Re A), [H·N]. */
  public final float[] aReal;

  /** Im A, [H·N]. */
  public final float[] aImag;

  /** Re B, [H·N]. */
  public final float[] bRe;

  /** Im B, [H·N]. */
  public final float[] bIm;

  /** Re C, [H·N]. */
  public final float[] cRe;

  /** Im C, [H·N]. */
  public final float[] cIm;

  /** D, [H]. */
  public final float[] d;

  private S4DParams(S4DConfig config) {
    this.config = config;
    int h = config.channels();
    int hn = h * config.stateSize();
    logDt = new float[h];
    aReal = new float[hn];
    aImag = new float[hn];
    bRe = new float[hn];
    bIm = new float[hn];
    cRe = new float[hn];
    cIm = new float[hn];
    d = new float[h];
  }

  /**
   * All-zero parameters, e.g. a gradient accumulator.
   *
   * @param config the layer configuration
   * @return zeros of every parameter shape
   */
  public static S4DParams zeros(S4DConfig config) {
    return new S4DParams(config);
  }

  /**
   * The S4D initialization: logDt ~ U[ln dtMin, ln dtMax]; Re A = −½ (aReal = ln ½); Im A per
   * {@link S4DConfig.Init}; B = 1 (LIN, INV) or V^H·B_legs (LEGS); C complex-normal with variance ½
   * per part; D ~ N(0, 1). Deterministic for a given seed.
   *
   * @param config the layer configuration
   * @param seed random seed
   * @return freshly initialized parameters
   */
  public static S4DParams initialize(S4DConfig config, long seed) {
    S4DParams p = new S4DParams(config);
    SplittableRandom rnd = new SplittableRandom(seed);
    int hCount = config.channels();
    int nCount = config.stateSize();
    double fullN = 2.0 * nCount;
    HippoLegS legs = config.init() == S4DConfig.Init.LEGS ? HippoLegS.compute(nCount) : null;
    double lo = Math.log(config.dtMin());
    double hi = Math.log(config.dtMax());
    double cStd = Math.sqrt(0.5);
    for (int h = 0; h < hCount; h++) {
      p.logDt[h] = (float) (lo + (hi - lo) * rnd.nextDouble());
      for (int n = 0; n < nCount; n++) {
        int i = h * nCount + n;
        p.aReal[i] = (float) Math.log(0.5);
        switch (config.init()) {
          case LIN -> p.aImag[i] = (float) (Math.PI * n);
          case INV -> p.aImag[i] = (float) (fullN / Math.PI * (fullN / (2.0 * n + 1) - 1));
          case LEGS -> p.aImag[i] = (float) legs.omega[n];
        }
        p.bRe[i] = legs == null ? 1f : (float) legs.b[n];
        p.cRe[i] = (float) (cStd * rnd.nextGaussian());
        p.cIm[i] = (float) (cStd * rnd.nextGaussian());
      }
      p.d[h] = (float) rnd.nextGaussian();
    }
    return p;
  }

  /**
   * The S4D-PTD initialization (perturb-then-diagonalize, Yu et al. 2023): as {@link #initialize}
   * (same logDt, C and D draws for the seed), but A and B come from diagonalizing HiPPO-LegS of
   * size 2·stateSize plus a random perturbation of spectral norm {@code epsilon} ({@code
   * internal.PerturbedHippo}): A_n = λ_n for the kept eigenvalues (Im λ &lt; 0, then the slowest
   * real ones), Re A clamped to ≤ −1e-4, and B = (V⁻¹·B_legs)_n with B_legs = √(2k+1). The config's
   * {@code init} is not consulted. Every channel shares A and B, as in S4D-LegS.
   *
   * @param config the layer configuration
   * @param epsilon perturbation norm ‖E‖₂ &gt; 0
   * @param seed random seed (parameters and perturbation)
   * @return freshly initialized parameters
   */
  public static S4DParams initializePtd(S4DConfig config, double epsilon, long seed) {
    if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
      throw new IllegalArgumentException("Invalid epsilon = " + epsilon + "; must be > 0");
    }
    S4DParams p = initialize(config, seed);
    int nCount = config.stateSize();
    int m = 2 * nCount;
    PerturbedHippo ptd = PerturbedHippo.compute(m, epsilon, seed ^ 0x9E3779B97F4A7C15L);
    double[] bLegs = new double[m];
    for (int k = 0; k < m; k++) {
      bLegs[k] = Math.sqrt(2.0 * k + 1);
    }
    Complex[] vb = ptd.solve(bLegs);
    int[] kept = ptd.keptModes(nCount);
    for (int h = 0; h < config.channels(); h++) {
      for (int n = 0; n < nCount; n++) {
        int i = h * nCount + n;
        Complex lambda = ptd.lambda[kept[n]];
        p.aReal[i] = (float) Math.log(Math.max(-lambda.re(), 1e-4));
        p.aImag[i] = (float) lambda.im();
        p.bRe[i] = (float) vb[kept[n]].re();
        p.bIm[i] = (float) vb[kept[n]].im();
      }
    }
    return p;
  }

  /** Returns a deep copy. */
  public S4DParams copy() {
    S4DParams c = new S4DParams(config);
    Map<String, float[]> src = arrays();
    Map<String, float[]> dst = c.arrays();
    src.forEach((k, v) -> System.arraycopy(v, 0, dst.get(k), 0, v.length));
    return c;
  }

  /** Sets every entry to zero (for reusing a gradient accumulator). */
  public void clear() {
    arrays().values().forEach(a -> java.util.Arrays.fill(a, 0f));
  }

  /**
   * The parameter arrays by name, in a fixed order: logDt, aReal, aImag, bRe, bIm, cRe, cIm, d. The
   * arrays are the live backing arrays, not copies.
   *
   * @return name → array
   */
  public Map<String, float[]> arrays() {
    Map<String, float[]> m = new LinkedHashMap<>();
    m.put("logDt", logDt);
    m.put("aReal", aReal);
    m.put("aImag", aImag);
    m.put("bRe", bRe);
    m.put("bIm", bIm);
    m.put("cRe", cRe);
    m.put("cIm", cIm);
    m.put("d", d);
    return m;
  }
}
