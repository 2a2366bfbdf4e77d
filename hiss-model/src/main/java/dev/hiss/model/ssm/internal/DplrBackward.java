package dev.hiss.model.ssm.internal;

import java.util.Arrays;

/**
 * Backpropagation through time of the S4 (DPLR) scan for one channel (see {@link
 * DplrDiscretized#step}). Recomputes the forward states with the same float32 step, then runs the
 * adjoint recurrence backwards, accumulating gradients with respect to the step coefficients E, Dg,
 * R, P, B (as the parameter, not 2B), C and D in double. {@link DplrMath#vjp} then maps E, Dg, R to
 * Δ, Λ, P. Gradient convention: dL/dRe + i·dL/dIm.
 *
 * <p>Adjoint of one step, with x the previous state (zero after a reset) and μ' = dL/dx':
 *
 * <pre>
 *   g' = μ' + 2·gy·conj(C);  v = w − P·r;  gDg += conj(v)·g';  gv = conj(Dg)·g'
 *   gr = −Σ Re(conj(P)·gv);  gR += 2gr·conj(w);  gw = gv + 2gr·conj(R);  gP −= r·gv + α·gw
 *   gE += conj(x)·gw;  gB += 2u·gw;  du += Re(conj(2B)·gw);  gα = −Σ Re(conj(P)·gw)
 *   μ = conj(E)·gw + 2gα·P;  gP += 2gα·x   (μ = 0 across a reset)
 * </pre>
 */
public final class DplrBackward {

  /** dL/dE, dL/dDg, dL/dR, dL/dP, dL/dB, dL/dC per mode (split re/im, length N). */
  public final double[] gEr;

  /** Im parts, see {@link #gEr}. */
  public final double[] gEi;

  /** dL/dDg. */
  public final double[] gDgr;

  /** Im dL/dDg. */
  public final double[] gDgi;

  /** dL/dR. */
  public final double[] gRr;

  /** Im dL/dR. */
  public final double[] gRi;

  /** dL/dP (direct uses of P in the step). */
  public final double[] gPr;

  /** Im dL/dP. */
  public final double[] gPi;

  /** dL/dB. */
  public final double[] gBr;

  /** Im dL/dB. */
  public final double[] gBi;

  /** dL/dC. */
  public final double[] gCr;

  /** Im dL/dC. */
  public final double[] gCi;

  /** dL/dD. */
  public double gD;

  private final int nCount;
  private final float[] wr;
  private final float[] wi;
  private final float[] gwr;
  private final float[] gwi;

  /**
   * Zero accumulators for one channel.
   *
   * @param nCount N
   */
  public DplrBackward(int nCount) {
    this.nCount = nCount;
    gEr = new double[nCount];
    gEi = new double[nCount];
    gDgr = new double[nCount];
    gDgi = new double[nCount];
    gRr = new double[nCount];
    gRi = new double[nCount];
    gPr = new double[nCount];
    gPi = new double[nCount];
    gBr = new double[nCount];
    gBi = new double[nCount];
    gCr = new double[nCount];
    gCi = new double[nCount];
    wr = new float[nCount];
    wi = new float[nCount];
    gwr = new float[nCount];
    gwi = new float[nCount];
  }

  /**
   * One series of one channel: forward recomputation and adjoint pass.
   *
   * @param s discretized system
   * @param h channel
   * @param u inputs, u[uOff + t], t &lt; length
   * @param g dL/dy, same layout
   * @param du receives dL/du, same layout (overwritten)
   * @param uOff offset of this series
   * @param length sequence length
   * @param sr Re of the state history, [(length + 1)·N]; slot 0 holds the initial state on entry
   * @param si Im of the state history
   * @param reset reset mask of this series, reset[rOff + t], or null
   * @param rOff offset into reset
   * @param mr receives Re dL/d(initial state) [N]
   * @param mi receives Im dL/d(initial state) [N]
   */
  public void series(
      DplrDiscretized s,
      int h,
      float[] u,
      float[] g,
      float[] du,
      int uOff,
      int length,
      float[] sr,
      float[] si,
      boolean[] reset,
      int rOff,
      float[] mr,
      float[] mi) {
    int c0 = h * nCount;
    for (int t = 0; t < length; t++) {
      int q = (t + 1) * nCount;
      if (reset != null && reset[rOff + t]) {
        Arrays.fill(sr, q, q + nCount, 0f);
        Arrays.fill(si, q, q + nCount, 0f);
      } else {
        System.arraycopy(sr, t * nCount, sr, q, nCount);
        System.arraycopy(si, t * nCount, si, q, nCount);
      }
      s.step(sr, si, q, h, nCount, u[uOff + t]);
    }
    Arrays.fill(mr, 0f);
    Arrays.fill(mi, 0f);
    for (int t = length - 1; t >= 0; t--) {
      adjointStep(s, h, u, g, du, uOff, t, sr, si, reset != null && reset[rOff + t], mr, mi);
    }
  }

  /**
   * The adjoint of step t of one series (see the class comment), given the recomputed states in
   * {@code sr, si} and μ' = dL/dx_t in {@code mr, mi}, which it replaces by μ = dL/dx_{t−1}. Uses
   * {@code s}'s coefficients as they are now, so a per-step-Δ caller re-discretizes first.
   *
   * @param s discretized system
   * @param h channel
   * @param u inputs, u[uOff + t]
   * @param g dL/dy, same layout
   * @param du receives dL/du at uOff + t
   * @param uOff offset of this series
   * @param t step
   * @param sr Re of the state history, [(length + 1)·N], slot t + 1 = x_t
   * @param si Im of the state history
   * @param rs whether the state was reset before step t
   * @param mr Re μ, [N], in and out
   * @param mi Im μ
   */
  public void adjointStep(
      DplrDiscretized s,
      int h,
      float[] u,
      float[] g,
      float[] du,
      int uOff,
      int t,
      float[] sr,
      float[] si,
      boolean rs,
      float[] mr,
      float[] mi) {
    int c0 = h * nCount;
    float dh = s.d[h];
    float uu = u[uOff + t];
    float gy = g[uOff + t];
    float g2 = 2f * gy;
    int p = t * nCount;
    int q = p + nCount;
    float alpha = 0f;
    if (!rs) {
      for (int n = 0; n < nCount; n++) {
        alpha += s.pRe[c0 + n] * sr[p + n] + s.pIm[c0 + n] * si[p + n];
      }
      alpha *= 2f;
    }
    float r = 0f;
    for (int n = 0; n < nCount; n++) {
      int i = c0 + n;
      float xr = rs ? 0f : sr[p + n];
      float xi = rs ? 0f : si[p + n];
      wr[n] = s.eRe[i] * xr - s.eIm[i] * xi - s.pRe[i] * alpha + s.b2Re[i] * uu;
      wi[n] = s.eRe[i] * xi + s.eIm[i] * xr - s.pIm[i] * alpha + s.b2Im[i] * uu;
      r += s.rRe[i] * wr[n] - s.rIm[i] * wi[n];
    }
    r *= 2f;
    float gr = 0f;
    for (int n = 0; n < nCount; n++) {
      int i = c0 + n;
      float ur = g2 * s.cRe[i] + mr[n];
      float ui = -g2 * s.cIm[i] + mi[n];
      gCr[n] += g2 * sr[q + n];
      gCi[n] -= g2 * si[q + n];
      float vr = wr[n] - s.pRe[i] * r;
      float vi = wi[n] - s.pIm[i] * r;
      gDgr[n] += vr * ur + vi * ui;
      gDgi[n] += vr * ui - vi * ur;
      float gvr = s.dgRe[i] * ur + s.dgIm[i] * ui;
      float gvi = s.dgRe[i] * ui - s.dgIm[i] * ur;
      gPr[n] -= r * gvr;
      gPi[n] -= r * gvi;
      gr -= s.pRe[i] * gvr + s.pIm[i] * gvi;
      gwr[n] = gvr;
      gwi[n] = gvi;
    }
    float ga = 0f;
    float duAcc = 0f;
    for (int n = 0; n < nCount; n++) {
      int i = c0 + n;
      gRr[n] += 2f * gr * wr[n];
      gRi[n] -= 2f * gr * wi[n];
      float xr = gwr[n] + 2f * gr * s.rRe[i];
      float xi = gwi[n] - 2f * gr * s.rIm[i];
      gwr[n] = xr;
      gwi[n] = xi;
      gBr[n] += 2f * uu * xr;
      gBi[n] += 2f * uu * xi;
      duAcc += s.b2Re[i] * xr + s.b2Im[i] * xi;
      gPr[n] -= alpha * xr;
      gPi[n] -= alpha * xi;
      if (!rs) {
        gEr[n] += sr[p + n] * xr + si[p + n] * xi;
        gEi[n] += sr[p + n] * xi - si[p + n] * xr;
        ga -= s.pRe[i] * xr + s.pIm[i] * xi;
      }
    }
    du[uOff + t] = duAcc + dh * gy;
    gD += (double) gy * uu;
    if (rs) {
      Arrays.fill(mr, 0f);
      Arrays.fill(mi, 0f);
      return;
    }
    for (int n = 0; n < nCount; n++) {
      int i = c0 + n;
      mr[n] = s.eRe[i] * gwr[n] + s.eIm[i] * gwi[n] + 2f * ga * s.pRe[i];
      mi[n] = s.eRe[i] * gwi[n] - s.eIm[i] * gwr[n] + 2f * ga * s.pIm[i];
      gPr[n] += 2f * ga * sr[p + n];
      gPi[n] += 2f * ga * si[p + n];
    }
  }
}
