package dev.hiss.model.ssm;

import dev.hiss.model.ssm.internal.Complex;
import dev.hiss.model.ssm.internal.Discretized;
import dev.hiss.model.ssm.internal.ModeMath;
import java.util.Arrays;

/**
 * The S4D scan with a per-step step-size multiplier (Δ-aware discretization, as in {@link
 * S5Layer}): at step t of series b, channel h uses Δ_{b,t} = exp(logDt_h)·dtScale_{b,t}, and dA, dB
 * are re-discretized ({@link ModeMath#discretize}) for that Δ. With dtScale ≡ 1 every dA, dB and
 * every float32 operation is the same as in the plain scan, so the outputs agree bit for bit.
 *
 * <p>The backward pass chains the per-step gradients of dA_t and dB_t through the discretization
 * VJP at Δ_t (one {@link ModeMath#vjp} per step and mode), then to (logDt, A, B) with dΔ_t/dlogDt =
 * Δ_t. No gradient is computed for dtScale itself. Per-step discretization makes this path several
 * times slower than the plain scan; it is meant for irregularly sampled series.
 */
final class S4DScaledScan {

  private final S4DConfig config;
  private final S4DParams params;
  private final int nCount;

  S4DScaledScan(S4DParams params) {
    this.params = params;
    this.config = params.config;
    this.nCount = config.stateSize();
  }

  /** dA, dB of channel h's modes at Δ = exp(logDt_h)·scale, rounded to float32. */
  void discretize(int h, float scale, float[] ar, float[] ai, float[] br, float[] bi, int off) {
    double dt = Math.exp(params.logDt[h]) * scale;
    for (int n = 0; n < nCount; n++) {
      int i = h * nCount + n;
      Complex a = ModeMath.continuousA(params.aReal[i], params.aImag[i]);
      Complex[] ab =
          ModeMath.discretize(
              config.discretization(), dt, a, new Complex(params.bRe[i], params.bIm[i]));
      ar[off + n] = (float) ab[0].re();
      ai[off + n] = (float) ab[0].im();
      br[off + n] = (float) ab[1].re();
      bi[off + n] = (float) ab[1].im();
    }
  }

  /**
   * One step of one channel with per-step dA, dB at offset {@code dOff}; the same float32
   * arithmetic, in the same order, as {@code Discretized.step}.
   */
  float step(
      float[] xr,
      float[] xi,
      int xOff,
      int h,
      float u,
      float[] ar,
      float[] ai,
      float[] br,
      float[] bi,
      int dOff) {
    for (int n = 0; n < nCount; n++) {
      int j = xOff + n;
      int q = dOff + n;
      float pr = xr[j];
      float pi = xi[j];
      xr[j] = ar[q] * pr - ai[q] * pi + br[q] * u;
      xi[j] = ar[q] * pi + ai[q] * pr + bi[q] * u;
    }
    return Discretized.output(
        params.cRe, params.cIm, h * nCount, xr, xi, xOff, nCount, params.d[h], u);
  }

  /** One streaming step of every series and channel (state [batch, H, N] updated in place). */
  void stepAll(float[] xIn, float[] dtScale, S4DState state, float[] yOut) {
    int hCount = config.channels();
    float[] ar = new float[nCount];
    float[] ai = new float[nCount];
    float[] br = new float[nCount];
    float[] bi = new float[nCount];
    for (int b = 0; b < state.batch; b++) {
      for (int h = 0; h < hCount; h++) {
        int k = b * hCount + h;
        discretize(h, dtScale[b], ar, ai, br, bi, 0);
        yOut[k] = step(state.re, state.im, k * nCount, h, xIn[k], ar, ai, br, bi, 0);
      }
    }
  }

  /** Forward over [batch, length, H] (arguments validated by the layer). */
  void forward(
      float[] u,
      int batch,
      int length,
      float[] y,
      S4DState initial,
      boolean[] reset,
      float[] dtScale,
      S4DState finalState) {
    S4DScan.inChannelMajor(
        config,
        u,
        null,
        batch,
        length,
        y,
        (h, ut, gt, yt) ->
            forwardChannel(h, ut, yt, batch, length, initial, reset, dtScale, finalState));
  }

  /** Backward over [batch, length, H]: gradients added to grads; du, dInitial overwritten. */
  void backward(
      float[] u,
      float[] dy,
      int batch,
      int length,
      S4DState initial,
      boolean[] reset,
      float[] dtScale,
      float[] du,
      S4DParams grads,
      S4DState dInitial) {
    S4DScan.inChannelMajor(
        config,
        u,
        dy,
        batch,
        length,
        du,
        (h, ut, gt, dut) ->
            backwardChannel(
                h, ut, gt, dut, batch, length, initial, reset, dtScale, dInitial, grads));
  }

  /** Forward of channel h (channel-major ut, yt), as {@code S4DLayer.forward} with dtScale. */
  void forwardChannel(
      int h,
      float[] ut,
      float[] yt,
      int batch,
      int length,
      S4DState initial,
      boolean[] reset,
      float[] dtScale,
      S4DState finalState) {
    int hCount = config.channels();
    float[] xr = new float[nCount];
    float[] xi = new float[nCount];
    float[] ar = new float[nCount];
    float[] ai = new float[nCount];
    float[] br = new float[nCount];
    float[] bi = new float[nCount];
    for (int b = 0; b < batch; b++) {
      int sOff = (b * hCount + h) * nCount;
      load(initial, sOff, xr, xi);
      int base = (b * hCount + h) * length;
      for (int t = 0; t < length; t++) {
        if (reset != null && reset[b * length + t]) {
          Arrays.fill(xr, 0f);
          Arrays.fill(xi, 0f);
        }
        discretize(h, dtScale[b * length + t], ar, ai, br, bi, 0);
        yt[base + t] = step(xr, xi, 0, h, ut[base + t], ar, ai, br, bi, 0);
      }
      if (finalState != null) {
        System.arraycopy(xr, 0, finalState.re, sOff, nCount);
        System.arraycopy(xi, 0, finalState.im, sOff, nCount);
      }
    }
  }

  /** Backward of channel h; parameter gradients added to grads, du (channel-major) overwritten. */
  void backwardChannel(
      int h,
      float[] ut,
      float[] gt,
      float[] dut,
      int batch,
      int length,
      S4DState initial,
      boolean[] reset,
      float[] dtScale,
      S4DState dInitial,
      S4DParams grads) {
    int hCount = config.channels();
    int c0 = h * nCount;
    float[] sr = new float[(length + 1) * nCount];
    float[] si = new float[(length + 1) * nCount];
    float[] ar = new float[length * nCount];
    float[] ai = new float[length * nCount];
    float[] br = new float[length * nCount];
    float[] bi = new float[length * nCount];
    float[] mr = new float[nCount];
    float[] mi = new float[nCount];
    double[] gAre = new double[nCount]; // dL/dA (continuous), summed over steps
    double[] gAim = new double[nCount];
    double[] gBre = new double[nCount];
    double[] gBim = new double[nCount];
    double[] gCre = new double[nCount];
    double[] gCim = new double[nCount];
    double gLogDt = 0;
    double gd = 0;
    double dt0 = Math.exp(params.logDt[h]);
    double[] out = new double[5];
    Complex[] a = new Complex[nCount];
    Complex[] bc = new Complex[nCount];
    for (int n = 0; n < nCount; n++) {
      a[n] = ModeMath.continuousA(params.aReal[c0 + n], params.aImag[c0 + n]);
      bc[n] = new Complex(params.bRe[c0 + n], params.bIm[c0 + n]);
    }
    float dh = params.d[h];
    for (int b = 0; b < batch; b++) {
      int sOff = (b * hCount + h) * nCount;
      int base = (b * hCount + h) * length;
      load(initial, sOff, sr, si);
      for (int t = 0; t < length; t++) {
        int p = t * nCount;
        discretize(h, dtScale[b * length + t], ar, ai, br, bi, p);
        System.arraycopy(sr, p, sr, p + nCount, nCount);
        System.arraycopy(si, p, si, p + nCount, nCount);
        if (reset != null && reset[b * length + t]) {
          Arrays.fill(sr, p + nCount, p + 2 * nCount, 0f);
          Arrays.fill(si, p + nCount, p + 2 * nCount, 0f);
        }
        step(sr, si, p + nCount, h, ut[base + t], ar, ai, br, bi, p);
      }
      Arrays.fill(mr, 0f);
      Arrays.fill(mi, 0f);
      for (int t = length - 1; t >= 0; t--) {
        float g = gt[base + t];
        float uu = ut[base + t];
        float g2 = 2f * g;
        boolean rs = reset != null && reset[b * length + t];
        double dt = dt0 * dtScale[b * length + t];
        int p = t * nCount;
        int q = p + nCount;
        float duAcc = 0f;
        for (int n = 0; n < nCount; n++) {
          int i = c0 + n;
          int k = p + n;
          float ur = g2 * params.cRe[i] + mr[n];
          float ui = -g2 * params.cIm[i] + mi[n];
          gCre[n] += g2 * sr[q + n];
          gCim[n] -= g2 * si[q + n];
          duAcc += br[k] * ur + bi[k] * ui;
          double gar = 0;
          double gai = 0;
          if (rs) {
            mr[n] = 0f;
            mi[n] = 0f;
          } else {
            float pr = sr[p + n];
            float pi = si[p + n];
            gar = pr * ur + pi * ui;
            gai = pr * ui - pi * ur;
            mr[n] = ar[k] * ur + ai[k] * ui;
            mi[n] = ar[k] * ui - ai[k] * ur;
          }
          ModeMath.vjp(
              config.discretization(),
              dt,
              a[n],
              bc[n],
              new Complex(gar, gai),
              new Complex((double) uu * ur, (double) uu * ui),
              out);
          gLogDt += out[0] * dt;
          gAre[n] += out[1];
          gAim[n] += out[2];
          gBre[n] += out[3];
          gBim[n] += out[4];
        }
        dut[base + t] = duAcc + dh * g;
        gd += (double) g * uu;
      }
      if (dInitial != null) {
        System.arraycopy(mr, 0, dInitial.re, sOff, nCount);
        System.arraycopy(mi, 0, dInitial.im, sOff, nCount);
      }
    }
    for (int n = 0; n < nCount; n++) {
      int i = c0 + n;
      grads.aReal[i] += (float) (-Math.exp(params.aReal[i]) * gAre[n]);
      grads.aImag[i] += (float) gAim[n];
      grads.bRe[i] += (float) gBre[n];
      grads.bIm[i] += (float) gBim[n];
      grads.cRe[i] += (float) gCre[n];
      grads.cIm[i] += (float) gCim[n];
    }
    grads.logDt[h] += (float) gLogDt;
    grads.d[h] += (float) gd;
  }

  private void load(S4DState st, int off, float[] xr, float[] xi) {
    if (st == null) {
      Arrays.fill(xr, 0, nCount, 0f);
      Arrays.fill(xi, 0, nCount, 0f);
    } else {
      System.arraycopy(st.re, off, xr, 0, nCount);
      System.arraycopy(st.im, off, xi, 0, nCount);
    }
  }
}
