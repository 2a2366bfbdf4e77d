package dev.hiss.model.ssm;

import dev.hiss.model.ssm.internal.Complex;
import dev.hiss.model.ssm.internal.DplrBackward;
import dev.hiss.model.ssm.internal.DplrDiscretized;
import dev.hiss.model.ssm.internal.DplrMath;
import java.util.Arrays;

/**
 * The S4 (DPLR) scan with a per-step step-size multiplier (Δ-aware bilinear discretization, as
 * {@link S4DScaledScan} does for S4D): at step t of series b, channel h uses Δ_{b,t} =
 * exp(logDt_h)·dtScale_{b,t}, and its Woodbury coefficients E, Dg, R are recomputed ({@link
 * DplrDiscretized#rediscretize}) whenever the scale differs from the previous step's (so regularly
 * sampled stretches cost nothing extra). With dtScale ≡ 1 every coefficient and every float32
 * operation is the same as in the plain scan, so outputs and states agree bit for bit.
 *
 * <p>Backward: the adjoint of each step runs with that step's coefficients; the gradients of E, Dg,
 * R are accumulated over consecutive steps with the same scale and mapped to (Δ, Λ, P) by {@link
 * DplrMath#vjp} at that Δ when the scale changes (the VJP is linear in them), then to logDt with
 * dΔ_t/dlogDt = Δ_t. No gradient is computed for dtScale itself.
 */
final class S4ScaledScan {

  private final S4Params params;
  private final int nCount;

  S4ScaledScan(S4Params params) {
    this.params = params;
    this.nCount = params.config.stateSize();
  }

  /** A fresh discretization of the live parameters (private to one call: it gets mutated). */
  DplrDiscretized discretize() {
    S4Params p = params;
    return DplrDiscretized.of(
        p.config, p.logDt, p.aReal, p.aImag, p.pRe, p.pIm, p.bRe, p.bIm, p.cRe, p.cIm, p.d);
  }

  /** Per-channel cursor: Λ, P and the scale the channel's coefficients currently hold. */
  final class Channel {
    final int h;
    final Complex[] lambda = new Complex[nCount];
    final Complex[] p = new Complex[nCount];
    final DplrDiscretized s;
    float current = 1f;

    Channel(DplrDiscretized s, int h) {
      this.s = s;
      this.h = h;
      DplrDiscretized.channel(
          nCount, h, params.aReal, params.aImag, params.pRe, params.pIm, lambda, p);
    }

    /** Makes the channel's coefficients those of Δ_h·scale (no-op when already there). */
    void use(float scale) {
      if (scale != current) {
        s.rediscretize(h, Math.exp(params.logDt[h]) * scale, lambda, p);
        current = scale;
      }
    }
  }

  /** Forward of one series of channel h (channel-major u, y at base), state in xr, xi. */
  void forwardSeries(
      Channel c,
      float[] ut,
      float[] yt,
      int base,
      int length,
      float[] xr,
      float[] xi,
      boolean[] reset,
      float[] dtScale,
      int rOff) {
    for (int t = 0; t < length; t++) {
      if (reset != null && reset[rOff + t]) {
        Arrays.fill(xr, 0f);
        Arrays.fill(xi, 0f);
      }
      c.use(dtScale[rOff + t]);
      yt[base + t] = c.s.step(xr, xi, 0, c.h, nCount, ut[base + t]);
    }
  }

  /** Running (Λ, P, logDt) gradients of one channel, fed by flushes of the E, Dg, R gradients. */
  final class Chain {
    final Complex[] gLambda = zeros();
    final Complex[] gP = zeros();
    double gLogDt;

    private Complex[] zeros() {
      Complex[] z = new Complex[nCount];
      Arrays.fill(z, Complex.ZERO);
      return z;
    }

    /** Maps acc's E, Dg, R gradients at Δ_h·scale to Λ, P, logDt and clears them. */
    void flush(Channel c, DplrBackward acc, float scale) {
      Complex[] gE = new Complex[nCount];
      Complex[] gDg = new Complex[nCount];
      Complex[] gR = new Complex[nCount];
      Complex[] gl = new Complex[nCount];
      Complex[] gp = zeros();
      for (int n = 0; n < nCount; n++) {
        gE[n] = new Complex(acc.gEr[n], acc.gEi[n]);
        gDg[n] = new Complex(acc.gDgr[n], acc.gDgi[n]);
        gR[n] = new Complex(acc.gRr[n], acc.gRi[n]);
      }
      double dt = Math.exp(params.logDt[c.h]) * scale;
      double gDt = DplrMath.vjp(dt, c.lambda, c.p, gE, gDg, gR, gl, gp);
      for (int n = 0; n < nCount; n++) {
        gLambda[n] = gLambda[n].plus(gl[n]);
        gP[n] = gP[n].plus(gp[n]);
      }
      gLogDt += gDt * dt;
      for (double[] a : new double[][] {acc.gEr, acc.gEi, acc.gDgr, acc.gDgi, acc.gRr, acc.gRi}) {
        Arrays.fill(a, 0.0);
      }
    }

    /** Adds the channel's gradients to {@code grads}. */
    void finish(int h, DplrBackward acc, S4Params grads) {
      for (int n = 0; n < nCount; n++) {
        int i = h * nCount + n;
        grads.aReal[i] += (float) (-Math.exp(params.aReal[i]) * gLambda[n].re());
        grads.aImag[i] += (float) gLambda[n].im();
        grads.pRe[i] += (float) (acc.gPr[n] + gP[n].re());
        grads.pIm[i] += (float) (acc.gPi[n] + gP[n].im());
        grads.bRe[i] += (float) acc.gBr[n];
        grads.bIm[i] += (float) acc.gBi[n];
        grads.cRe[i] += (float) acc.gCr[n];
        grads.cIm[i] += (float) acc.gCi[n];
      }
      grads.logDt[h] += (float) gLogDt;
      grads.d[h] += (float) acc.gD;
    }
  }

  /**
   * Backward of one series of channel c: recomputes the states with the per-step coefficients (sr,
   * si slot 0 = initial state on entry), then runs the adjoint backwards, flushing the E, Dg, R
   * gradients into {@code chain} whenever the scale changes. Returns the scale whose gradients are
   * still pending in {@code acc} (the caller flushes at the end of the channel).
   */
  float backwardSeries(
      Channel c,
      DplrBackward acc,
      Chain chain,
      float pending,
      float[] ut,
      float[] gt,
      float[] dut,
      int base,
      int length,
      float[] sr,
      float[] si,
      boolean[] reset,
      float[] dtScale,
      int rOff,
      float[] mr,
      float[] mi) {
    for (int t = 0; t < length; t++) {
      int q = (t + 1) * nCount;
      if (reset != null && reset[rOff + t]) {
        Arrays.fill(sr, q, q + nCount, 0f);
        Arrays.fill(si, q, q + nCount, 0f);
      } else {
        System.arraycopy(sr, t * nCount, sr, q, nCount);
        System.arraycopy(si, t * nCount, si, q, nCount);
      }
      c.use(dtScale[rOff + t]);
      c.s.step(sr, si, q, c.h, nCount, ut[base + t]);
    }
    Arrays.fill(mr, 0f);
    Arrays.fill(mi, 0f);
    float cur = pending;
    for (int t = length - 1; t >= 0; t--) {
      float sc = dtScale[rOff + t];
      if (sc != cur) {
        chain.flush(c, acc, cur);
        cur = sc;
      }
      c.use(sc);
      boolean rs = reset != null && reset[rOff + t];
      acc.adjointStep(c.s, c.h, ut, gt, dut, base, t, sr, si, rs, mr, mi);
    }
    return cur;
  }

  /** One streaming step of every series and channel with Δ_h·dtScale[b] (state [batch, H, N]). */
  void stepAll(float[] xIn, float[] dtScale, S4State state, float[] yOut) {
    int hCount = params.config.channels();
    DplrDiscretized s = discretize();
    for (int h = 0; h < hCount; h++) {
      Channel c = new Channel(s, h);
      for (int b = 0; b < state.batch; b++) {
        int k = b * hCount + h;
        c.use(dtScale[b]);
        yOut[k] = s.step(state.re, state.im, k * nCount, h, nCount, xIn[k]);
      }
    }
  }
}
