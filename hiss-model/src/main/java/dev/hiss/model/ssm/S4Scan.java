package dev.hiss.model.ssm;

import dev.hiss.model.ssm.internal.Complex;
import dev.hiss.model.ssm.internal.DplrBackward;
import dev.hiss.model.ssm.internal.DplrDiscretized;
import dev.hiss.model.ssm.internal.DplrMath;
import dev.hiss.model.ssm.internal.Layout;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The sequential scan of {@link S4Layer}: forward and backward over channel-major copies of the
 * sequences (at the layer's own Δ with one {@link DplrDiscretized}, or per step through {@link
 * S4ScaledScan} when a Δt scale is given), the chain of the discretized-coefficient gradients to
 * the parameters in double, and the plain streaming step. Arguments are validated by the layer.
 * Work is split over channels on the common fork-join pool for large inputs.
 */
final class S4Scan {

  private static final long PARALLEL_THRESHOLD = 1L << 16;

  private final S4Config config;
  private final S4Params params;
  private final DplrDiscretized s;
  private final S4ScaledScan scan;

  /**
   * A scan of the given parameters.
   *
   * @param params the live parameters
   * @param s their discretization at the layer's own Δ, or (with a Δt scale) {@code
   *     scan.discretize()}
   * @param scan the Δt-scaled scan of the same parameters
   */
  S4Scan(S4Params params, DplrDiscretized s, S4ScaledScan scan) {
    this.params = params;
    this.config = params.config;
    this.s = s;
    this.scan = scan;
  }

  /** The forward of {@link S4Layer} (validated arguments; dtScale null for the layer's own Δ). */
  void forward(
      float[] u,
      int batch,
      int length,
      float[] y,
      S4State initial,
      boolean[] reset,
      float[] dtScale,
      S4State finalState) {
    int hCount = config.channels();
    int nCount = config.stateSize();
    float[] ut = Layout.toChannelMajor(u, batch, length, hCount);
    float[] yt = new float[ut.length];
    channels(batch, length)
        .forEach(
            h -> {
              float[] xr = new float[nCount];
              float[] xi = new float[nCount];
              S4ScaledScan.Channel c = dtScale == null ? null : scan.new Channel(s, h);
              for (int b = 0; b < batch; b++) {
                int sOff = (b * hCount + h) * nCount;
                loadState(initial, sOff, xr, xi, nCount);
                int base = (b * hCount + h) * length;
                if (c != null) {
                  scan.forwardSeries(c, ut, yt, base, length, xr, xi, reset, dtScale, b * length);
                }
                for (int t = 0; c == null && t < length; t++) {
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
    Layout.fromChannelMajor(yt, batch, length, hCount, y);
  }

  /** The backward of {@link S4Layer} (validated arguments; dtScale null for the layer's own Δ). */
  void backward(
      float[] u,
      float[] dy,
      int batch,
      int length,
      S4State initial,
      boolean[] reset,
      float[] dtScale,
      float[] du,
      S4Params grads,
      S4State dInitial) {
    int hCount = config.channels();
    int nCount = config.stateSize();
    float[] ut = Layout.toChannelMajor(u, batch, length, hCount);
    float[] gt = Layout.toChannelMajor(dy, batch, length, hCount);
    float[] dut = new float[ut.length];
    channels(batch, length)
        .forEach(
            h -> {
              DplrBackward acc = new DplrBackward(nCount);
              float[] sr = new float[(length + 1) * nCount];
              float[] si = new float[(length + 1) * nCount];
              float[] mr = new float[nCount];
              float[] mi = new float[nCount];
              S4ScaledScan.Channel c = dtScale == null ? null : scan.new Channel(s, h);
              S4ScaledScan.Chain chain = scan.new Chain();
              float pending = 1f;
              for (int b = 0; b < batch; b++) {
                int sOff = (b * hCount + h) * nCount;
                loadState(initial, sOff, sr, si, nCount);
                int base = (b * hCount + h) * length;
                if (c == null) {
                  acc.series(s, h, ut, gt, dut, base, length, sr, si, reset, b * length, mr, mi);
                } else {
                  pending =
                      scan.backwardSeries(
                          c,
                          acc,
                          chain,
                          pending,
                          ut,
                          gt,
                          dut,
                          base,
                          length,
                          sr,
                          si,
                          reset,
                          dtScale,
                          b * length,
                          mr,
                          mi);
                }
                if (dInitial != null) {
                  System.arraycopy(mr, 0, dInitial.re, sOff, nCount);
                  System.arraycopy(mi, 0, dInitial.im, sOff, nCount);
                }
              }
              if (c == null) {
                chainToParameters(h, acc, grads);
              } else {
                chain.flush(c, acc, pending);
                chain.finish(h, acc, grads);
              }
            });
    if (du != null) {
      Layout.fromChannelMajor(dut, batch, length, hCount, du);
    }
  }

  private void chainToParameters(int h, DplrBackward acc, S4Params grads) {
    int nCount = config.stateSize();
    Complex[] lambda = new Complex[nCount];
    Complex[] p = new Complex[nCount];
    DplrDiscretized.channel(
        nCount, h, params.aReal, params.aImag, params.pRe, params.pIm, lambda, p);
    Complex[] gE = new Complex[nCount];
    Complex[] gDg = new Complex[nCount];
    Complex[] gR = new Complex[nCount];
    Complex[] gP = new Complex[nCount];
    Complex[] gLambda = new Complex[nCount];
    for (int n = 0; n < nCount; n++) {
      gE[n] = new Complex(acc.gEr[n], acc.gEi[n]);
      gDg[n] = new Complex(acc.gDgr[n], acc.gDgi[n]);
      gR[n] = new Complex(acc.gRr[n], acc.gRi[n]);
      gP[n] = new Complex(acc.gPr[n], acc.gPi[n]);
    }
    double dt = Math.exp(params.logDt[h]);
    double gDt = DplrMath.vjp(dt, lambda, p, gE, gDg, gR, gLambda, gP);
    for (int n = 0; n < nCount; n++) {
      int i = h * nCount + n;
      grads.aReal[i] += (float) (-Math.exp(params.aReal[i]) * gLambda[n].re());
      grads.aImag[i] += (float) gLambda[n].im();
      grads.pRe[i] += (float) gP[n].re();
      grads.pIm[i] += (float) gP[n].im();
      grads.bRe[i] += (float) acc.gBr[n];
      grads.bIm[i] += (float) acc.gBi[n];
      grads.cRe[i] += (float) acc.gCr[n];
      grads.cIm[i] += (float) acc.gCi[n];
    }
    grads.logDt[h] += (float) (gDt * dt);
    grads.d[h] += (float) acc.gD;
  }

  /**
   * One plain streaming step of every series with the discretization s.
   *
   * @param xIn input [batch, H]
   * @param state the state [batch, H, N], updated in place
   * @param yOut output [batch, H], overwritten
   */
  static void step(S4Config config, DplrDiscretized s, float[] xIn, S4State state, float[] yOut) {
    int hCount = config.channels();
    int nCount = config.stateSize();
    int batch = state.batch;
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < hCount; h++) {
        int k = b * hCount + h;
        yOut[k] = s.step(state.re, state.im, k * nCount, h, nCount, xIn[k]);
      }
    }
  }

  private IntStream channels(int batch, int length) {
    IntStream s = IntStream.range(0, config.channels());
    long work = (long) batch * length * config.channels() * config.stateSize();
    return work >= PARALLEL_THRESHOLD ? s.parallel() : s;
  }

  private static void loadState(S4State st, int off, float[] xr, float[] xi, int n) {
    if (st == null) {
      Arrays.fill(xr, 0, n, 0f);
      Arrays.fill(xi, 0, n, 0f);
    } else {
      System.arraycopy(st.re, off, xr, 0, n);
      System.arraycopy(st.im, off, xi, 0, n);
    }
  }
}
