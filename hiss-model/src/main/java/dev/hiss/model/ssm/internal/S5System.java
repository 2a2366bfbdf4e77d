package dev.hiss.model.ssm.internal;

import dev.hiss.model.ssm.S5Config;
import dev.hiss.model.ssm.S5Params;

/**
 * The S5 system as the float32 scan uses it, and the chain rule from the discrete system back to
 * the parameters. The discretization of mode m is Λ̄_m and B̄[m, ·] = f_m·B̃[m, ·] with f = (Λ̄ −
 * 1)/λ (ZOH) or Δ/(1 − Δλ/2) (bilinear), i.e. {@link ModeMath#discretize} with B = 1; the step
 * applies it in factored form, x ← Λ̄∘x + f∘(B̃u), so that a per-step Δ only changes the 2·M
 * numbers Λ̄, f. Discretization is done in double and rounded once.
 */
public final class S5System {

  /** M. */
  public final int modes;

  /** H. */
  public final int channels;

  /** Output factor 2 (conjugate symmetry) or 1. */
  public final float outScale;

  /** Re and Im of Λ̄, f for the parameters' own Δ, [M] each. */
  public final float[] aRe;

  /** Im Λ̄, [M]. */
  public final float[] aIm;

  /** Re f, [M]. */
  public final float[] fRe;

  /** Im f, [M]. */
  public final float[] fIm;

  private final S5Config config;
  private final S5Params params;

  /**
   * Discretizes the live parameters: Λ̄ and f are computed once here, while {@link #step} and
   * {@link #chain} read B̃, C̃, D (and λ, logDt for the chain rule) from the live arrays.
   *
   * @param params the parameters
   */
  public S5System(S5Params params) {
    this.params = params;
    this.config = params.config;
    this.modes = config.modes();
    this.channels = config.channels();
    this.outScale = config.outputScale();
    aRe = new float[modes];
    aIm = new float[modes];
    fRe = new float[modes];
    fIm = new float[modes];
    discretize(1.0, aRe, aIm, fRe, fIm);
  }

  /** The parameters this system was built from. */
  public S5Params params() {
    return params;
  }

  /** Continuous λ_m, with Re λ clamped to ≤ −1e-4 when clipEigs is set. */
  public Complex lambda(int m) {
    double re = params.lambdaRe[m];
    if (config.clipEigs()) {
      re = Math.min(re, S5Config.CLIP_MAX_REAL);
    }
    return new Complex(re, params.lambdaIm[m]);
  }

  /** Δ_m = exp(logDt_m). */
  public double dt(int m) {
    return Math.exp(params.logDt[m]);
  }

  /**
   * Discretizes every mode with Δ_m·scale into float arrays [M].
   *
   * @param scale multiplier of Δ (1, or a per-step dtScale &gt; 0)
   * @param ar receives Re Λ̄
   * @param ai receives Im Λ̄
   * @param fr receives Re f
   * @param fi receives Im f
   */
  public void discretize(double scale, float[] ar, float[] ai, float[] fr, float[] fi) {
    for (int m = 0; m < modes; m++) {
      Complex[] af =
          ModeMath.discretize(config.discretization(), dt(m) * scale, lambda(m), Complex.ONE);
      ar[m] = (float) af[0].re();
      ai[m] = (float) af[0].im();
      fr[m] = (float) af[1].re();
      fi[m] = (float) af[1].im();
    }
  }

  /**
   * One timestep of one series, in place; the single definition of the float32 step arithmetic,
   * shared by the scan, its recomputation in backward, and the streaming step.
   *
   * @param xr Re x, modes at [xOff, xOff + M)
   * @param xi Im x, same layout
   * @param xOff offset of this series' state
   * @param u input, channels at [uOff, uOff + H)
   * @param uOff offset of u_t
   * @param y receives y_t at [yOff, yOff + H), or null (state update only)
   * @param yOff offset of y_t
   * @param bur receives Re(B̃u_t) at [buOff, buOff + M)
   * @param bui receives Im(B̃u_t), same layout
   * @param buOff offset into bur/bui
   * @param ar Re Λ̄ [M] for this step
   * @param ai Im Λ̄ [M]
   * @param fr Re f [M]
   * @param fi Im f [M]
   */
  public void step(
      float[] xr,
      float[] xi,
      int xOff,
      float[] u,
      int uOff,
      float[] y,
      int yOff,
      float[] bur,
      float[] bui,
      int buOff,
      float[] ar,
      float[] ai,
      float[] fr,
      float[] fi) {
    float[] br = params.bRe;
    float[] bi = params.bIm;
    int hc = channels;
    for (int m = 0; m < modes; m++) {
      int row = m * hc;
      float sr = 0f;
      float si = 0f;
      for (int h = 0; h < hc; h++) {
        float uh = u[uOff + h];
        sr += br[row + h] * uh;
        si += bi[row + h] * uh;
      }
      bur[buOff + m] = sr;
      bui[buOff + m] = si;
      int j = xOff + m;
      float pr = xr[j];
      float pi = xi[j];
      xr[j] = ar[m] * pr - ai[m] * pi + fr[m] * sr - fi[m] * si;
      xi[j] = ar[m] * pi + ai[m] * pr + fr[m] * si + fi[m] * sr;
    }
    if (y == null) {
      return;
    }
    float[] cr = params.cRe;
    float[] ci = params.cIm;
    for (int h = 0; h < hc; h++) {
      int row = h * modes;
      float acc = 0f;
      for (int m = 0; m < modes; m++) {
        acc += cr[row + m] * xr[xOff + m] - ci[row + m] * xi[xOff + m];
      }
      y[yOff + h] = outScale * acc + params.d[h] * u[uOff + h];
    }
  }

  /**
   * Chain rule from the discrete system of one Δ-scale to λ and logDt: given dL/dΛ̄_m and dL/df_m
   * (convention of {@link Complex}) accumulated over the steps that used Δ_m·scale, adds dL/dRe λ,
   * dL/dIm λ and dL/dlogDt into the double accumulators (each [M]).
   *
   * @param scale the Δ multiplier of those steps
   * @param gar Re dL/dΛ̄, [M]
   * @param gai Im dL/dΛ̄, [M]
   * @param gfr Re dL/df, [M]
   * @param gfi Im dL/df, [M]
   * @param gLambdaRe accumulates dL/dRe λ (zero where clipped)
   * @param gLambdaIm accumulates dL/dIm λ
   * @param gLogDt accumulates dL/dlogDt
   */
  public void chain(
      double scale,
      double[] gar,
      double[] gai,
      double[] gfr,
      double[] gfi,
      double[] gLambdaRe,
      double[] gLambdaIm,
      double[] gLogDt) {
    double[] out = new double[5];
    for (int m = 0; m < modes; m++) {
      double dt = dt(m) * scale;
      ModeMath.vjp(
          config.discretization(),
          dt,
          lambda(m),
          Complex.ONE,
          new Complex(gar[m], gai[m]),
          new Complex(gfr[m], gfi[m]),
          out);
      boolean clipped = config.clipEigs() && params.lambdaRe[m] > S5Config.CLIP_MAX_REAL;
      gLambdaRe[m] += clipped ? 0.0 : out[1];
      gLambdaIm[m] += out[2];
      gLogDt[m] += out[0] * dt; // dΔ/dlogDt = Δ (Δ = exp(logDt)·scale)
    }
  }
}
