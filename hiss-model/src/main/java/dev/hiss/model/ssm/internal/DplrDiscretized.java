package dev.hiss.model.ssm.internal;

import dev.hiss.model.ssm.S4Config;

/**
 * The bilinear-discretized S4 (DPLR) system in float32, as the scans use it: per mode ([H·N], split
 * real/imaginary) E = 2/Δ + Λ, Dg = 1/(2/Δ − Λ), R = conj(P)∘Dg/den, P, 2·B and C, plus D ([H]).
 * The coefficients are computed in double ({@link DplrMath}) and rounded once.
 */
public final class DplrDiscretized {

  /** E = 2/Δ + Λ, [H·N]. */
  public final float[] eRe;

  /** Im E. */
  public final float[] eIm;

  /** Dg = 1/(2/Δ − Λ), [H·N]. */
  public final float[] dgRe;

  /** Im Dg. */
  public final float[] dgIm;

  /** Woodbury row R = conj(P)∘Dg/den, [H·N]. */
  public final float[] rRe;

  /** Im R. */
  public final float[] rIm;

  /** P, [H·N]. */
  public final float[] pRe;

  /** Im P. */
  public final float[] pIm;

  /** 2·B, [H·N]. */
  public final float[] b2Re;

  /** Im 2·B. */
  public final float[] b2Im;

  /** C, [H·N]. */
  public final float[] cRe;

  /** Im C. */
  public final float[] cIm;

  /** D, [H]. */
  public final float[] d;

  private DplrDiscretized(int hn, int h) {
    eRe = new float[hn];
    eIm = new float[hn];
    dgRe = new float[hn];
    dgIm = new float[hn];
    rRe = new float[hn];
    rIm = new float[hn];
    pRe = new float[hn];
    pIm = new float[hn];
    b2Re = new float[hn];
    b2Im = new float[hn];
    cRe = new float[hn];
    cIm = new float[hn];
    d = new float[h];
  }

  /**
   * Λ and P of channel h in double.
   *
   * @param nCount N
   * @param h channel
   * @param aReal log(−Re Λ) [H·N]
   * @param aImag Im Λ [H·N]
   * @param pRe Re P [H·N]
   * @param pIm Im P [H·N]
   * @param lambda receives Λ, length N
   * @param p receives P, length N
   */
  public static void channel(
      int nCount,
      int h,
      float[] aReal,
      float[] aImag,
      float[] pRe,
      float[] pIm,
      Complex[] lambda,
      Complex[] p) {
    for (int n = 0; n < nCount; n++) {
      int i = h * nCount + n;
      lambda[n] = ModeMath.continuousA(aReal[i], aImag[i]);
      p[n] = new Complex(pRe[i], pIm[i]);
    }
  }

  /**
   * Discretizes the given unconstrained parameters (names and shapes of {@code S4Params}).
   *
   * @param config layer configuration
   * @param logDt [H]
   * @param aReal [H·N]
   * @param aImag [H·N]
   * @param pRe [H·N]
   * @param pIm [H·N]
   * @param bRe [H·N]
   * @param bIm [H·N]
   * @param cRe [H·N]
   * @param cIm [H·N]
   * @param d [H]
   * @return the float32 step coefficients
   */
  public static DplrDiscretized of(
      S4Config config,
      float[] logDt,
      float[] aReal,
      float[] aImag,
      float[] pRe,
      float[] pIm,
      float[] bRe,
      float[] bIm,
      float[] cRe,
      float[] cIm,
      float[] d) {
    int hCount = config.channels();
    int nCount = config.stateSize();
    DplrDiscretized s = new DplrDiscretized(hCount * nCount, hCount);
    Complex[] lambda = new Complex[nCount];
    Complex[] p = new Complex[nCount];
    Complex[] e = new Complex[nCount];
    Complex[] dg = new Complex[nCount];
    Complex[] r = new Complex[nCount];
    for (int h = 0; h < hCount; h++) {
      channel(nCount, h, aReal, aImag, pRe, pIm, lambda, p);
      DplrMath.coefficients(Math.exp(logDt[h]), lambda, p, e, dg, r);
      for (int n = 0; n < nCount; n++) {
        int i = h * nCount + n;
        s.eRe[i] = (float) e[n].re();
        s.eIm[i] = (float) e[n].im();
        s.dgRe[i] = (float) dg[n].re();
        s.dgIm[i] = (float) dg[n].im();
        s.rRe[i] = (float) r[n].re();
        s.rIm[i] = (float) r[n].im();
        s.b2Re[i] = 2f * bRe[i];
        s.b2Im[i] = 2f * bIm[i];
      }
    }
    System.arraycopy(pRe, 0, s.pRe, 0, pRe.length);
    System.arraycopy(pIm, 0, s.pIm, 0, pIm.length);
    System.arraycopy(cRe, 0, s.cRe, 0, cRe.length);
    System.arraycopy(cIm, 0, s.cIm, 0, cIm.length);
    System.arraycopy(d, 0, s.d, 0, d.length);
    return s;
  }

  /**
   * Overwrites channel h's E, Dg and R with their values at step size {@code dt} (computed in
   * double, rounded once, exactly as {@link #of} does), for per-step Δ. Only channel h's slots are
   * written, so channels may be re-discretized concurrently.
   *
   * @param h channel
   * @param dt step size Δ
   * @param lambda Λ of channel h, length N
   * @param p P of channel h, length N
   */
  public void rediscretize(int h, double dt, Complex[] lambda, Complex[] p) {
    int nCount = lambda.length;
    Complex[] e = new Complex[nCount];
    Complex[] dg = new Complex[nCount];
    Complex[] r = new Complex[nCount];
    DplrMath.coefficients(dt, lambda, p, e, dg, r);
    for (int n = 0; n < nCount; n++) {
      int i = h * nCount + n;
      eRe[i] = (float) e[n].re();
      eIm[i] = (float) e[n].im();
      dgRe[i] = (float) dg[n].re();
      dgIm[i] = (float) dg[n].im();
      rRe[i] = (float) r[n].re();
      rIm[i] = (float) r[n].im();
    }
  }

  /**
   * One timestep of one channel, in place, returning y = 2·Re(Σ C∘x') + D·u. The single definition
   * of the float32 step arithmetic, shared by the sequence scan and the streaming step so that the
   * two agree bit for bit:
   *
   * <pre>
   *   α = 2Re(P^H x);  w = E∘x − P·α + 2B·u;  r = 2Re(Σ R∘w);  x' = Dg∘(w − P·r).
   * </pre>
   *
   * @param xr Re x, modes at [xOff, xOff + N)
   * @param xi Im x, same layout
   * @param xOff offset of this channel's state
   * @param h channel
   * @param nCount N
   * @param u input
   * @return output y
   */
  public float step(float[] xr, float[] xi, int xOff, int h, int nCount, float u) {
    int c0 = h * nCount;
    float alpha = 0f;
    for (int n = 0; n < nCount; n++) {
      alpha += pRe[c0 + n] * xr[xOff + n] + pIm[c0 + n] * xi[xOff + n];
    }
    alpha *= 2f;
    float r = 0f;
    for (int n = 0; n < nCount; n++) {
      int i = c0 + n;
      int j = xOff + n;
      float sr = xr[j];
      float si = xi[j];
      float wr = eRe[i] * sr - eIm[i] * si - pRe[i] * alpha + b2Re[i] * u;
      float wi = eRe[i] * si + eIm[i] * sr - pIm[i] * alpha + b2Im[i] * u;
      xr[j] = wr;
      xi[j] = wi;
      r += rRe[i] * wr - rIm[i] * wi;
    }
    r *= 2f;
    float acc = 0f;
    for (int n = 0; n < nCount; n++) {
      int i = c0 + n;
      int j = xOff + n;
      float vr = xr[j] - pRe[i] * r;
      float vi = xi[j] - pIm[i] * r;
      float nr = dgRe[i] * vr - dgIm[i] * vi;
      float ni = dgRe[i] * vi + dgIm[i] * vr;
      xr[j] = nr;
      xi[j] = ni;
      acc += cRe[i] * nr - cIm[i] * ni;
    }
    return 2f * acc + d[h] * u;
  }
}
