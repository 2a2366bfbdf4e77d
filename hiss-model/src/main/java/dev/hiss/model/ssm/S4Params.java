package dev.hiss.model.ssm;

import dev.hiss.model.ssm.internal.Complex;
import dev.hiss.model.ssm.internal.HippoLegS;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The unconstrained trainable parameters of an S4 (DPLR) layer, as flat {@code float[]} arrays. The
 * same class holds parameter gradients (see {@link #zeros(S4Config)}).
 *
 * <p>Continuous system per channel h, on the kept half x ∈ ℂ^N of a conjugate-symmetric state: A =
 * diag(Λ) − P·P^H acting on the full state [x; x̄], i.e. A·x = Λ∘x − P·2Re(P^H x) (Gu, Goel &amp;
 * Ré 2022, §3.1: normal plus low rank, with Q = P for HiPPO-LegS).
 *
 * <p>Shapes (H = channels, N = stateSize, row-major, index h·N + n):
 *
 * <ul>
 *   <li>{@code logDt} [H]: Δ_h = exp(logDt_h) (one Δ per channel, s4.py {@code dt_tie});
 *   <li>{@code aReal} [H·N]: Re Λ = −exp(aReal) (always &lt; 0; s4.py {@code real_transform =
 *       "exp"});
 *   <li>{@code aImag} [H·N]: Im Λ = aImag (s4.py stores −Im Λ; the sign is irrelevant under
 *       conjugate symmetry);
 *   <li>{@code pRe, pIm} [H·N]: the low-rank factor P (rank 1);
 *   <li>{@code bRe, bIm} [H·N]: B;
 *   <li>{@code cRe, cIm} [H·N]: C (the true output matrix, not s4.py's C̃, see {@link S4Layer});
 *   <li>{@code d} [H]: skip connection D.
 * </ul>
 */
public final class S4Params implements StateSpaceKernel.Parameters {

  /** The configuration these parameters belong to. */
  public final S4Config config;

  /** log Δ, [H]. */
  public final float[] logDt;

  /** log(−Re Λ), [H·N]. */
  public final float[] aReal;

  /** Im Λ, [H·N]. */
  public final float[] aImag;

  /** Re P, [H·N]. */
  public final float[] pRe;

  /** Im P, [H·N]. */
  public final float[] pIm;

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

  private S4Params(S4Config config) {
    this.config = config;
    int h = config.channels();
    int hn = h * config.stateSize();
    logDt = new float[h];
    aReal = new float[hn];
    aImag = new float[hn];
    pRe = new float[hn];
    pIm = new float[hn];
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
  public static S4Params zeros(S4Config config) {
    return new S4Params(config);
  }

  /**
   * The S4 HiPPO-LegS DPLR initialization ({@code nplr("legs", 2N)} in s4.py), identical for every
   * channel except Δ, C and D: Λ = −½ + iω_n from the normal part of HiPPO-LegS (see {@link
   * HippoLegS}), P = V^H·P_legs, B = V^H·B_legs (Im B clipped to ±2, a no-op with our eigenvector
   * phase), logDt ~ U[ln dtMin, ln dtMax], C complex-normal with variance ½ per part, D ~ N(0, 1).
   * The eigen-decomposition runs in double precision; values are rounded to float32 once.
   * Deterministic for a given seed.
   *
   * @param config the layer configuration
   * @param seed random seed
   * @return freshly initialized parameters
   */
  public static S4Params initialize(S4Config config, long seed) {
    S4Params p = new S4Params(config);
    SplittableRandom rnd = new SplittableRandom(seed);
    int hCount = config.channels();
    int nCount = config.stateSize();
    HippoLegS legs = HippoLegS.compute(nCount);
    Complex[] pLegs = legs.project(HippoLegS.rankCorrection(2 * nCount));
    double lo = Math.log(config.dtMin());
    double hi = Math.log(config.dtMax());
    double cStd = Math.sqrt(0.5);
    for (int h = 0; h < hCount; h++) {
      p.logDt[h] = (float) (lo + (hi - lo) * rnd.nextDouble());
      for (int n = 0; n < nCount; n++) {
        int i = h * nCount + n;
        p.aReal[i] = (float) Math.log(0.5);
        p.aImag[i] = (float) legs.omega[n];
        p.pRe[i] = (float) pLegs[n].re();
        p.pIm[i] = (float) pLegs[n].im();
        p.bRe[i] = (float) legs.b[n];
        p.bIm[i] = 0f;
        p.cRe[i] = (float) (cStd * rnd.nextGaussian());
        p.cIm[i] = (float) (cStd * rnd.nextGaussian());
      }
      p.d[h] = (float) rnd.nextGaussian();
    }
    return p;
  }

  /** Returns a deep copy. */
  public S4Params copy() {
    S4Params c = new S4Params(config);
    Map<String, float[]> src = arrays();
    Map<String, float[]> dst = c.arrays();
    src.forEach((k, v) -> System.arraycopy(v, 0, dst.get(k), 0, v.length));
    return c;
  }

  /** Sets every entry to zero (for reusing a gradient accumulator). */
  public void clear() {
    arrays().values().forEach(a -> Arrays.fill(a, 0f));
  }

  /**
   * The parameter arrays by name, in a fixed order: logDt, aReal, aImag, pRe, pIm, bRe, bIm, cRe,
   * cIm, d. The arrays are the live backing arrays, not copies.
   *
   * @return name → array
   */
  public Map<String, float[]> arrays() {
    Map<String, float[]> m = new LinkedHashMap<>();
    m.put("logDt", logDt);
    m.put("aReal", aReal);
    m.put("aImag", aImag);
    m.put("pRe", pRe);
    m.put("pIm", pIm);
    m.put("bRe", bRe);
    m.put("bIm", bIm);
    m.put("cRe", cRe);
    m.put("cIm", cIm);
    m.put("d", d);
    return m;
  }
}
