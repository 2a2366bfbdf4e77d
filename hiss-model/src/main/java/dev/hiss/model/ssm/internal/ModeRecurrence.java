package dev.hiss.model.ssm.internal;

/**
 * The state recurrences an S4D convolution needs beside the convolution itself, for one channel and
 * one series, in float32 with exactly the arithmetic of the scan ({@link Discretized#step}) so the
 * results are bit-identical to the scan's.
 *
 * <ul>
 *   <li>{@link #finalState}: x_{L−1} = Σ_l dA^{L−1−l}·dB·u_l from the zero state, evaluated by
 *       Horner's rule x ← dA∘x + dB·u_l. No output or reduction is formed, so the loop over the N
 *       modes is free of cross-mode dependencies.
 *   <li>{@link #initialGradient}: dL/dx_{−1} = conj(dA)∘μ_0 with μ_t = 2·g_t·conj(C) +
 *       conj(dA)∘μ_{t+1}, the adjoint run backwards over dL/dy (convention of {@link Complex}).
 * </ul>
 */
public final class ModeRecurrence {

  private ModeRecurrence() {}

  /**
   * The state after the last step from the zero state, with no reset.
   *
   * @param s discretized system
   * @param h channel
   * @param nCount N
   * @param u inputs, series at [base, base + length)
   * @param base offset of the series in u
   * @param length L
   * @param xr receives Re x [N] at [off, off + N)
   * @param xi receives Im x, same layout
   * @param off offset in xr, xi
   */
  public static void finalState(
      Discretized s,
      int h,
      int nCount,
      float[] u,
      int base,
      int length,
      float[] xr,
      float[] xi,
      int off) {
    int c0 = h * nCount;
    float[] ar = slice(s.aRe, c0, nCount);
    float[] ai = slice(s.aIm, c0, nCount);
    float[] br = slice(s.bRe, c0, nCount);
    float[] bi = slice(s.bIm, c0, nCount);
    float[] pr = new float[nCount];
    float[] pi = new float[nCount];
    for (int t = 0; t < length; t++) {
      float uu = u[base + t];
      for (int n = 0; n < nCount; n++) {
        float a = pr[n];
        float b = pi[n];
        pr[n] = ar[n] * a - ai[n] * b + br[n] * uu;
        pi[n] = ar[n] * b + ai[n] * a + bi[n] * uu;
      }
    }
    System.arraycopy(pr, 0, xr, off, nCount);
    System.arraycopy(pi, 0, xi, off, nCount);
  }

  /**
   * dL/d(initial state) of one series, with no reset.
   *
   * @param s discretized system
   * @param h channel
   * @param nCount N
   * @param g dL/dy, series at [base, base + length)
   * @param base offset of the series in g
   * @param length L
   * @param gr receives Re dL/dx_{−1} [N] at [off, off + N)
   * @param gi receives Im dL/dx_{−1}, same layout
   * @param off offset in gr, gi
   */
  public static void initialGradient(
      Discretized s,
      int h,
      int nCount,
      float[] g,
      int base,
      int length,
      float[] gr,
      float[] gi,
      int off) {
    int c0 = h * nCount;
    float[] ar = slice(s.aRe, c0, nCount);
    float[] ai = slice(s.aIm, c0, nCount);
    float[] cr = slice(s.cRe, c0, nCount);
    float[] ci = slice(s.cIm, c0, nCount);
    float[] mr = new float[nCount];
    float[] mi = new float[nCount];
    for (int t = length - 1; t >= 0; t--) {
      float g2 = 2f * g[base + t];
      for (int n = 0; n < nCount; n++) {
        float ur = g2 * cr[n] + mr[n];
        float ui = -g2 * ci[n] + mi[n];
        mr[n] = ar[n] * ur + ai[n] * ui;
        mi[n] = ar[n] * ui - ai[n] * ur;
      }
    }
    System.arraycopy(mr, 0, gr, off, nCount);
    System.arraycopy(mi, 0, gi, off, nCount);
  }

  private static float[] slice(float[] a, int from, int n) {
    float[] out = new float[n];
    System.arraycopy(a, from, out, 0, n);
    return out;
  }
}
