package dev.hiss.model.ssm.internal;

import dev.hiss.model.ssm.S4DConfig;

/**
 * The discretized S4D system in float32, as the scans use it: dA, dB per mode ([H·N], split
 * real/imaginary) plus C ([H·N]) and D ([H]). The discretization itself is done in double ({@link
 * ModeMath}) and rounded once.
 */
public final class Discretized {

  /** Re dA, [H·N]. */
  public final float[] aRe;

  /** Im dA, [H·N]. */
  public final float[] aIm;

  /** Re dB, [H·N]. */
  public final float[] bRe;

  /** Im dB, [H·N]. */
  public final float[] bIm;

  /** Re C, [H·N]. */
  public final float[] cRe;

  /** Im C, [H·N]. */
  public final float[] cIm;

  /** D, [H]. */
  public final float[] d;

  private Discretized(int hn, int h) {
    aRe = new float[hn];
    aIm = new float[hn];
    bRe = new float[hn];
    bIm = new float[hn];
    cRe = new float[hn];
    cIm = new float[hn];
    d = new float[h];
  }

  /**
   * Discretizes the given unconstrained parameters.
   *
   * @param config layer configuration
   * @param logDt [H]
   * @param aReal [H·N]
   * @param aImag [H·N]
   * @param bRe [H·N]
   * @param bIm [H·N]
   * @param cRe [H·N]
   * @param cIm [H·N]
   * @param d [H]
   * @return the float32 discrete system (C and D copied)
   */
  public static Discretized of(
      S4DConfig config,
      float[] logDt,
      float[] aReal,
      float[] aImag,
      float[] bRe,
      float[] bIm,
      float[] cRe,
      float[] cIm,
      float[] d) {
    int hCount = config.channels();
    int nCount = config.stateSize();
    Discretized s = new Discretized(hCount * nCount, hCount);
    for (int h = 0; h < hCount; h++) {
      double dt = Math.exp(logDt[h]);
      for (int n = 0; n < nCount; n++) {
        int i = h * nCount + n;
        Complex a = ModeMath.continuousA(aReal[i], aImag[i]);
        Complex[] ab =
            ModeMath.discretize(config.discretization(), dt, a, new Complex(bRe[i], bIm[i]));
        s.aRe[i] = (float) ab[0].re();
        s.aIm[i] = (float) ab[0].im();
        s.bRe[i] = (float) ab[1].re();
        s.bIm[i] = (float) ab[1].im();
      }
    }
    System.arraycopy(cRe, 0, s.cRe, 0, cRe.length);
    System.arraycopy(cIm, 0, s.cIm, 0, cIm.length);
    System.arraycopy(d, 0, s.d, 0, d.length);
    return s;
  }

  /**
   * One timestep of one channel, in place: x ← dA∘x + dB·u for the N modes, returning y = 2·Re(Σ
   * C∘x) + D·u. The single definition of the float32 step arithmetic, shared by the sequence scan
   * and the streaming step so that the two agree bit for bit. The state update is a loop without a
   * carried dependency (the JIT vectorizes it); Σ C∘x is summed in four interleaved partial sums
   * (modes n ≡ 0, 1, 2, 3 mod 4), added as (s0 + s1) + (s2 + s3).
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
    for (int n = 0; n < nCount; n++) {
      int i = c0 + n;
      int j = xOff + n;
      float ar = aRe[i];
      float ai = aIm[i];
      float pr = xr[j];
      float pi = xi[j];
      xr[j] = ar * pr - ai * pi + bRe[i] * u;
      xi[j] = ar * pi + ai * pr + bIm[i] * u;
    }
    return output(cRe, cIm, c0, xr, xi, xOff, nCount, d[h], u);
  }

  /**
   * The readout of one channel after its update: y = 2·Re(Σ_n C_n·x_n) + D·u, the sum in four
   * interleaved partial sums (modes n ≡ 0, 1, 2, 3 mod 4) added as (s0 + s1) + (s2 + s3). Shared by
   * every S4D step (plain and Δ-scaled) so that they agree bit for bit.
   *
   * @param cRe Re C, this channel's modes at [c0, c0 + N)
   * @param cIm Im C, same layout
   * @param c0 offset of this channel's C
   * @param xr Re x (updated), modes at [xOff, xOff + N)
   * @param xi Im x, same layout
   * @param xOff offset of this channel's state
   * @param nCount N
   * @param d the channel's D
   * @param u input
   * @return y
   */
  public static float output(
      float[] cRe,
      float[] cIm,
      int c0,
      float[] xr,
      float[] xi,
      int xOff,
      int nCount,
      float d,
      float u) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    int n = 0;
    for (; n + 3 < nCount; n += 4) {
      int i = c0 + n;
      int j = xOff + n;
      s0 += cRe[i] * xr[j] - cIm[i] * xi[j];
      s1 += cRe[i + 1] * xr[j + 1] - cIm[i + 1] * xi[j + 1];
      s2 += cRe[i + 2] * xr[j + 2] - cIm[i + 2] * xi[j + 2];
      s3 += cRe[i + 3] * xr[j + 3] - cIm[i + 3] * xi[j + 3];
    }
    for (; n < nCount; n++) {
      s0 += cRe[c0 + n] * xr[xOff + n] - cIm[c0 + n] * xi[xOff + n];
    }
    return 2f * ((s0 + s1) + (s2 + s3)) + d * u;
  }
}
