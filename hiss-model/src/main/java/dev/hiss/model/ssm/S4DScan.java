package dev.hiss.model.ssm;

import dev.hiss.model.ssm.internal.Complex;
import dev.hiss.model.ssm.internal.Discretized;
import dev.hiss.model.ssm.internal.Layout;
import dev.hiss.model.ssm.internal.ModeMath;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The sequential scan of {@link S4DLayer} at the layer's own Δ (one discretization {@link
 * Discretized} for every step): forward, backward (BPTT over the recomputed states, gradients of
 * dA, dB, C, D chained to the parameters in double) and streaming steps. Arguments are validated by
 * the layer. Work is split over channels (sequences) or series (steps) on the common fork-join pool
 * for large inputs.
 */
final class S4DScan {

  static final long PARALLEL_THRESHOLD = 1L << 16;

  private final S4DConfig config;
  private final S4DParams params;
  private final Discretized s;

  S4DScan(S4DParams params, Discretized s) {
    this.params = params;
    this.config = params.config;
    this.s = s;
  }

  /** Channels 0..H−1, parallel when batch·length·H·N is large. */
  static IntStream channels(S4DConfig config, int batch, int length) {
    IntStream s = IntStream.range(0, config.channels());
    long work = (long) batch * length * config.channels() * config.stateSize();
    return work >= PARALLEL_THRESHOLD ? s.parallel() : s;
  }

  /** The work of one channel h over channel-major [batch, H, length] arrays. */
  interface ChannelPass {
    void run(int h, float[] ut, float[] gt, float[] outT);
  }

  /**
   * Runs {@code pass} for every channel (in parallel when large) over channel-major copies of u and
   * g (g may be null) and a zero channel-major output, then writes that output to {@code out}
   * [batch, length, H] unless it is null.
   */
  static void inChannelMajor(
      S4DConfig config,
      float[] u,
      float[] g,
      int batch,
      int length,
      float[] out,
      ChannelPass pass) {
    float[] ut = Layout.toChannelMajor(u, batch, length, config.channels());
    float[] gt = g == null ? null : Layout.toChannelMajor(g, batch, length, config.channels());
    float[] outT = new float[ut.length];
    channels(config, batch, length).forEach(h -> pass.run(h, ut, gt, outT));
    if (out != null) {
      Layout.fromChannelMajor(outT, batch, length, config.channels(), out);
    }
  }

  /** Forward: u, y [batch, length, H]; initial, finalState [batch, H, N] or null. */
  void forward(
      float[] u,
      int batch,
      int length,
      float[] y,
      S4DState initial,
      boolean[] reset,
      S4DState finalState) {
    int hCount = config.channels();
    int nCount = config.stateSize();
    inChannelMajor(
        config,
        u,
        null,
        batch,
        length,
        y,
        (h, ut, gt, yt) -> {
          float[] xr = new float[nCount];
          float[] xi = new float[nCount];
          for (int b = 0; b < batch; b++) {
            int sOff = (b * hCount + h) * nCount;
            loadState(initial, sOff, xr, xi, nCount);
            int base = (b * hCount + h) * length;
            for (int t = 0; t < length; t++) {
              if (reset != null && reset[b * length + t]) {
                Arrays.fill(xr, 0f);
                Arrays.fill(xi, 0f);
              }
              yt[base + t] = s.step(xr, xi, 0, h, nCount, ut[base + t]);
            }
            if (finalState != null) {
              System.arraycopy(xr, 0, finalState.re, sOff, nCount);
              System.arraycopy(xi, 0, finalState.im, sOff, nCount);
            }
          }
        });
  }

  /** Backward: gradients added to grads; du, dInitial overwritten when not null. */
  void backward(
      float[] u,
      float[] dy,
      int batch,
      int length,
      S4DState initial,
      boolean[] reset,
      float[] du,
      S4DParams grads,
      S4DState dInitial) {
    inChannelMajor(
        config,
        u,
        dy,
        batch,
        length,
        du,
        (h, ut, gt, dut) ->
            backwardChannel(h, ut, gt, dut, batch, length, initial, reset, dInitial, grads));
  }

  private void backwardChannel(
      int h,
      float[] ut,
      float[] gt,
      float[] dut,
      int batch,
      int length,
      S4DState initial,
      boolean[] reset,
      S4DState dInitial,
      S4DParams grads) {
    int hCount = config.channels();
    int nCount = config.stateSize();
    int c0 = h * nCount;
    // states[(t+1)·N + n] = x_t, states[n] = x_{−1}
    float[] sr = new float[(length + 1) * nCount];
    float[] si = new float[(length + 1) * nCount];
    float[] mr = new float[nCount];
    float[] mi = new float[nCount];
    double[] gar = new double[nCount];
    double[] gai = new double[nCount];
    double[] gbr = new double[nCount];
    double[] gbi = new double[nCount];
    double[] gcr = new double[nCount];
    double[] gci = new double[nCount];
    double gd = 0;
    float dh = s.d[h];
    for (int b = 0; b < batch; b++) {
      int sOff = (b * hCount + h) * nCount;
      int base = (b * hCount + h) * length;
      loadState(initial, sOff, sr, si, nCount);
      for (int t = 0; t < length; t++) {
        float uu = ut[base + t];
        boolean rs = reset != null && reset[b * length + t];
        int p = t * nCount;
        int q = p + nCount;
        for (int n = 0; n < nCount; n++) {
          int i = c0 + n;
          float pr = rs ? 0f : sr[p + n];
          float pi = rs ? 0f : si[p + n];
          float ar = s.aRe[i];
          float ai = s.aIm[i];
          sr[q + n] = ar * pr - ai * pi + s.bRe[i] * uu;
          si[q + n] = ar * pi + ai * pr + s.bIm[i] * uu;
        }
      }
      Arrays.fill(mr, 0f);
      Arrays.fill(mi, 0f);
      for (int t = length - 1; t >= 0; t--) {
        float g = gt[base + t];
        float uu = ut[base + t];
        float g2 = 2f * g;
        boolean rs = reset != null && reset[b * length + t];
        int p = t * nCount;
        int q = p + nCount;
        float duAcc = 0f;
        for (int n = 0; n < nCount; n++) {
          int i = c0 + n;
          // μ_t = dL/dx_t = 2g·conj(C) + conj(dA)·μ_{t+1}
          float ur = g2 * s.cRe[i] + mr[n];
          float ui = -g2 * s.cIm[i] + mi[n];
          gcr[n] += g2 * sr[q + n];
          gci[n] -= g2 * si[q + n];
          gbr[n] += uu * ur;
          gbi[n] += uu * ui;
          duAcc += s.bRe[i] * ur + s.bIm[i] * ui;
          if (rs) {
            mr[n] = 0f;
            mi[n] = 0f;
          } else {
            float pr = sr[p + n];
            float pi = si[p + n];
            gar[n] += pr * ur + pi * ui;
            gai[n] += pr * ui - pi * ur;
            float ar = s.aRe[i];
            float ai = s.aIm[i];
            mr[n] = ar * ur + ai * ui;
            mi[n] = ar * ui - ai * ur;
          }
        }
        dut[base + t] = duAcc + dh * g;
        gd += (double) g * uu;
      }
      if (dInitial != null) {
        System.arraycopy(mr, 0, dInitial.re, sOff, nCount);
        System.arraycopy(mi, 0, dInitial.im, sOff, nCount);
      }
    }
    chainToParameters(params, h, gar, gai, gbr, gbi, gcr, gci, gd, grads);
  }

  /** dA, dB, C, D gradients of channel h → parameter gradients (shared with the FFT path). */
  static void chainToParameters(
      S4DParams params,
      int h,
      double[] gar,
      double[] gai,
      double[] gbr,
      double[] gbi,
      double[] gcr,
      double[] gci,
      double gd,
      S4DParams grads) {
    S4DConfig config = params.config;
    int nCount = config.stateSize();
    double dt = Math.exp(params.logDt[h]);
    double[] out = new double[5];
    double gDt = 0;
    for (int n = 0; n < nCount; n++) {
      int i = h * nCount + n;
      ModeMath.vjp(
          config.discretization(),
          dt,
          ModeMath.continuousA(params.aReal[i], params.aImag[i]),
          new Complex(params.bRe[i], params.bIm[i]),
          new Complex(gar[n], gai[n]),
          new Complex(gbr[n], gbi[n]),
          out);
      gDt += out[0];
      grads.aReal[i] += (float) (-Math.exp(params.aReal[i]) * out[1]);
      grads.aImag[i] += (float) out[2];
      grads.bRe[i] += (float) out[3];
      grads.bIm[i] += (float) out[4];
      grads.cRe[i] += (float) gcr[n];
      grads.cIm[i] += (float) gci[n];
    }
    grads.logDt[h] += (float) (gDt * dt);
    grads.d[h] += (float) gd;
  }

  /**
   * One streaming step of every series with discretization d: x, y [batch, H], state [batch, H, N]
   * updated in place.
   */
  static void step(S4DConfig config, Discretized d, float[] xIn, S4DState state, float[] yOut) {
    int batch = state.batch;
    if ((long) batch * config.channels() * config.stateSize() < PARALLEL_THRESHOLD) {
      stepSeries(config, d, 0, batch, xIn, state, yOut); // inline: no stream, no allocation
      return;
    }
    IntStream.range(0, batch)
        .parallel()
        .forEach(b -> stepSeries(config, d, b, b + 1, xIn, state, yOut));
  }

  private static void stepSeries(
      S4DConfig config, Discretized d, int b0, int b1, float[] xIn, S4DState state, float[] yOut) {
    int hCount = config.channels();
    int nCount = config.stateSize();
    for (int k = b0 * hCount; k < b1 * hCount; k++) {
      yOut[k] = d.step(state.re, state.im, k * nCount, k % hCount, nCount, xIn[k]);
    }
  }

  private static void loadState(S4DState st, int off, float[] xr, float[] xi, int n) {
    if (st == null) {
      Arrays.fill(xr, 0, n, 0f);
      Arrays.fill(xi, 0, n, 0f);
    } else {
      System.arraycopy(st.re, off, xr, 0, n);
      System.arraycopy(st.im, off, xi, 0, n);
    }
  }
}
