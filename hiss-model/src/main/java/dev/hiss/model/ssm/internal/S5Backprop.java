package dev.hiss.model.ssm.internal;

import dev.hiss.model.ssm.S5Params;
import java.util.Arrays;

/**
 * Backpropagation through time of the S5 scan for one series at a time, with the parameter
 * gradients accumulated in double. The forward states are recomputed with {@link S5System#step}, so
 * they are bit-identical to the forward pass. With μ_t = dL/dx_t (convention of {@link Complex}):
 *
 * <pre>
 * μ_t = s·C̃^H g_t + conj(Λ̄_{t+1})∘μ_{t+1}      (s = 2 or 1; the second term is 0 after a reset at t+1)
 * dL/dC̃[h, m] += s·g_t[h]·conj(x_t[m])         dL/dD += g_t∘u_t
 * ν_t = conj(f_t)∘μ_t                            dL/dB̃[m, h] += ν_t[m]·u_t[h]
 * du_t[h] = D_h·g_t[h] + Σ_m Re(conj(B̃[m, h])·ν_t[m])
 * dL/dΛ̄_t += conj(x_{t−1})∘μ_t                   dL/df_t += conj(B̃u_t)∘μ_t
 * </pre>
 *
 * Not thread-safe; use one instance per task and {@link #addTo} them in a fixed order.
 */
public final class S5Backprop {

  private final S5System sys;
  private final int modes;
  private final int channels;
  private final double[] gbr;
  private final double[] gbi;
  private final double[] gcr;
  private final double[] gci;
  private final double[] gd;
  private final double[] gar;
  private final double[] gai;
  private final double[] gfr;
  private final double[] gfi;
  private final double[] gLambdaRe;
  private final double[] gLambdaIm;
  private final double[] gLogDt;

  /**
   * Zero accumulators for the given system.
   *
   * @param sys the discretized system
   */
  public S5Backprop(S5System sys) {
    this.sys = sys;
    this.modes = sys.modes;
    this.channels = sys.channels;
    gbr = new double[modes * channels];
    gbi = new double[modes * channels];
    gcr = new double[channels * modes];
    gci = new double[channels * modes];
    gd = new double[channels];
    gar = new double[modes];
    gai = new double[modes];
    gfr = new double[modes];
    gfi = new double[modes];
    gLambdaRe = new double[modes];
    gLambdaIm = new double[modes];
    gLogDt = new double[modes];
  }

  /**
   * Backward over one series.
   *
   * @param u inputs [batch, length, H]
   * @param dy output gradients [batch, length, H]
   * @param du receives input gradients [batch, length, H], or null
   * @param b series index
   * @param length sequence length
   * @param x0r Re of the initial state [batch, M], or null for zero
   * @param x0i Im of the initial state, or null
   * @param reset reset mask [batch, length], or null
   * @param dtScale per-step Δ multiplier [batch, length], or null
   * @param dx0r receives Re dL/dx_{−1} [batch, M], or null
   * @param dx0i receives Im dL/dx_{−1}, or null
   */
  public void series(
      float[] u,
      float[] dy,
      float[] du,
      int b,
      int length,
      float[] x0r,
      float[] x0i,
      boolean[] reset,
      float[] dtScale,
      float[] dx0r,
      float[] dx0i) {
    int mc = modes;
    int hc = channels;
    float[] xr = new float[(length + 1) * mc]; // x_t at (t+1)·M, x_{−1} at 0
    float[] xi = new float[(length + 1) * mc];
    float[] bur = new float[length * mc];
    float[] bui = new float[length * mc];
    float[] ar = sys.aRe;
    float[] ai = sys.aIm;
    float[] fr = sys.fRe;
    float[] fi = sys.fIm;
    if (dtScale != null) {
      ar = new float[mc];
      ai = new float[mc];
      fr = new float[mc];
      fi = new float[mc];
    }
    if (x0r != null) {
      System.arraycopy(x0r, b * mc, xr, 0, mc);
      System.arraycopy(x0i, b * mc, xi, 0, mc);
    }
    for (int t = 0; t < length; t++) {
      int k = b * length + t;
      if (reset == null || !reset[k]) {
        System.arraycopy(xr, t * mc, xr, (t + 1) * mc, mc);
        System.arraycopy(xi, t * mc, xi, (t + 1) * mc, mc);
      }
      if (dtScale != null) {
        sys.discretize(dtScale[k], ar, ai, fr, fi);
      }
      sys.step(xr, xi, (t + 1) * mc, u, k * hc, null, 0, bur, bui, t * mc, ar, ai, fr, fi);
    }
    S5Params p = sys.params();
    float s = sys.outScale;
    float[] mr = new float[mc];
    float[] mi = new float[mc];
    double[] stepGar = dtScale == null ? gar : new double[mc];
    double[] stepGai = dtScale == null ? gai : new double[mc];
    double[] stepGfr = dtScale == null ? gfr : new double[mc];
    double[] stepGfi = dtScale == null ? gfi : new double[mc];
    float[] duRow = new float[hc];
    for (int t = length - 1; t >= 0; t--) {
      int k = b * length + t;
      int off = k * hc;
      int xt = (t + 1) * mc;
      int xp = t * mc;
      boolean rs = reset != null && reset[k];
      if (dtScale != null) {
        sys.discretize(dtScale[k], ar, ai, fr, fi);
        Arrays.fill(stepGar, 0);
        Arrays.fill(stepGai, 0);
        Arrays.fill(stepGfr, 0);
        Arrays.fill(stepGfi, 0);
      }
      for (int h = 0; h < hc; h++) {
        float g = dy[off + h];
        gd[h] += (double) g * u[off + h];
        float sg = s * g;
        int row = h * mc;
        for (int m = 0; m < mc; m++) {
          mr[m] += sg * p.cRe[row + m];
          mi[m] -= sg * p.cIm[row + m];
          gcr[row + m] += sg * xr[xt + m];
          gci[row + m] -= sg * xi[xt + m];
        }
      }
      for (int h = 0; h < hc; h++) {
        duRow[h] = p.d[h] * dy[off + h];
      }
      for (int m = 0; m < mc; m++) {
        float ur = mr[m];
        float ui = mi[m];
        float nr = fr[m] * ur + fi[m] * ui;
        float ni = fr[m] * ui - fi[m] * ur;
        float br = bur[xp + m];
        float bi = bui[xp + m];
        stepGfr[m] += br * ur + bi * ui;
        stepGfi[m] += br * ui - bi * ur;
        int row = m * hc;
        for (int h = 0; h < hc; h++) {
          float uh = u[off + h];
          gbr[row + h] += nr * uh;
          gbi[row + h] += ni * uh;
          duRow[h] += p.bRe[row + h] * nr + p.bIm[row + h] * ni;
        }
        if (rs) {
          mr[m] = 0f;
          mi[m] = 0f;
        } else {
          float pr = xr[xp + m];
          float pi = xi[xp + m];
          stepGar[m] += pr * ur + pi * ui;
          stepGai[m] += pr * ui - pi * ur;
          mr[m] = ar[m] * ur + ai[m] * ui;
          mi[m] = ar[m] * ui - ai[m] * ur;
        }
      }
      if (du != null) {
        System.arraycopy(duRow, 0, du, off, hc);
      }
      if (dtScale != null) {
        sys.chain(dtScale[k], stepGar, stepGai, stepGfr, stepGfi, gLambdaRe, gLambdaIm, gLogDt);
      }
    }
    if (dx0r != null) {
      System.arraycopy(mr, 0, dx0r, b * mc, mc);
      System.arraycopy(mi, 0, dx0i, b * mc, mc);
    }
  }

  /**
   * Adds this task's gradients to a gradient container (λ and logDt through {@link
   * S5System#chain}).
   *
   * @param grads accumulates dL/dθ
   */
  public void addTo(S5Params grads) {
    double[] lr = gLambdaRe.clone();
    double[] li = gLambdaIm.clone();
    double[] ld = gLogDt.clone();
    sys.chain(1.0, gar, gai, gfr, gfi, lr, li, ld);
    add(grads.lambdaRe, lr);
    add(grads.lambdaIm, li);
    add(grads.logDt, ld);
    add(grads.bRe, gbr);
    add(grads.bIm, gbi);
    add(grads.cRe, gcr);
    add(grads.cIm, gci);
    add(grads.d, gd);
  }

  private static void add(float[] dst, double[] src) {
    for (int i = 0; i < dst.length; i++) {
      dst[i] += (float) src[i];
    }
  }
}
