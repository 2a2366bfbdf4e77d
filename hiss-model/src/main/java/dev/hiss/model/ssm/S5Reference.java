package dev.hiss.model.ssm;

import dev.hiss.model.ssm.internal.Complex;
import dev.hiss.model.ssm.internal.ModeMath;
import dev.hiss.model.ssm.internal.ParamMaps;
import java.util.Map;

/**
 * Slow double-precision twin of {@link S5Layer}, for tests only (Smith et al., ICLR 2023, eqs.
 * 2–5): plain loops over time with {@link Complex} arithmetic, the full discrete input matrix B̄[m,
 * h] = {@link ModeMath#discretize}(Δ, λ_m, B̃[m, h]) per step, and backpropagation through time
 * with the full state history.
 *
 * <p>Shapes as in {@link S5Layer}: sequences [batch, length, H], states [batch, M] (split
 * real/imaginary), reset masks and dtScale [batch, length]. Parameters are double copies with the
 * names and shapes of {@link S5Params}.
 */
public final class S5Reference implements StateSpaceKernel.Twin {

  /** The configuration. */
  public final S5Config config;

  /** Parameters by name (lambdaRe, lambdaIm, bRe, bIm, cRe, cIm, d, logDt); live arrays. */
  public final Map<String, double[]> params;

  /**
   * Result of {@link #backward}.
   *
   * @param params dL/dθ by parameter name
   * @param du dL/du [batch, length, H]
   * @param dInitialRe dL/dRe(x_{−1}) [batch, M]
   * @param dInitialIm dL/dIm(x_{−1}) [batch, M]
   */
  public record Gradients(
      Map<String, double[]> params, double[] du, double[] dInitialRe, double[] dInitialIm)
      implements StateSpaceKernel.Twin.Gradients {}

  private S5Reference(S5Config config, Map<String, double[]> params) {
    this.config = config;
    this.params = params;
  }

  /**
   * A double-precision copy of float parameters.
   *
   * @param p parameters
   * @return the reference twin
   */
  public static S5Reference of(S5Params p) {
    return new S5Reference(p.config, ParamMaps.toDouble(p.arrays()));
  }

  @Override
  public Map<String, double[]> parameters() {
    return params;
  }

  private double p(String name, int i) {
    return params.get(name)[i];
  }

  /** Continuous λ_m (Re clamped to ≤ −1e-4 when clipEigs). */
  public Complex lambda(int m) {
    double re = p("lambdaRe", m);
    return new Complex(
        config.clipEigs() ? Math.min(re, S5Config.CLIP_MAX_REAL) : re, p("lambdaIm", m));
  }

  /** Δ of mode m at a step with the given multiplier. */
  public double dt(int m, double scale) {
    return Math.exp(p("logDt", m)) * scale;
  }

  /** B̃[m, h]. */
  public Complex bTilde(int m, int h) {
    int i = m * config.channels() + h;
    return new Complex(p("bRe", i), p("bIm", i));
  }

  /** C̃[h, m]. */
  public Complex cTilde(int h, int m) {
    int i = h * config.modes() + m;
    return new Complex(p("cRe", i), p("cIm", i));
  }

  /**
   * The discrete system at a Δ multiplier: {Λ̄ [M], B̄ [M·H] (index m·H + h)}.
   *
   * @param scale Δ multiplier (1 for the parameters' own Δ)
   * @return {lambdaBar, bBar}
   */
  public Complex[][] discrete(double scale) {
    int mc = config.modes();
    int hc = config.channels();
    Complex[] lb = new Complex[mc];
    Complex[] bb = new Complex[mc * hc];
    for (int m = 0; m < mc; m++) {
      for (int h = 0; h < hc; h++) {
        Complex[] ab =
            ModeMath.discretize(config.discretization(), dt(m, scale), lambda(m), bTilde(m, h));
        lb[m] = ab[0];
        bb[m * hc + h] = ab[1];
      }
    }
    return new Complex[][] {lb, bb};
  }

  private static double scale(double[] dtScale, int k) {
    return dtScale == null ? 1.0 : dtScale[k];
  }

  /**
   * All states x_t: {@code xs[b][t + 1][m]} = x_t, {@code xs[b][0]} = x_{−1}.
   *
   * @return the state history [batch][length + 1][M]
   */
  private Complex[][][] states(
      double[] u,
      int batch,
      int length,
      double[] x0Re,
      double[] x0Im,
      boolean[] reset,
      double[] dtScale) {
    int mc = config.modes();
    int hc = config.channels();
    Complex[][][] xs = new Complex[batch][length + 1][mc];
    for (int b = 0; b < batch; b++) {
      for (int m = 0; m < mc; m++) {
        xs[b][0][m] = x0Re == null ? Complex.ZERO : new Complex(x0Re[b * mc + m], x0Im[b * mc + m]);
      }
      for (int t = 0; t < length; t++) {
        int k = b * length + t;
        Complex[][] sys = discrete(scale(dtScale, k));
        for (int m = 0; m < mc; m++) {
          Complex prev = reset != null && reset[k] ? Complex.ZERO : xs[b][t][m];
          Complex x = sys[0][m].times(prev);
          for (int h = 0; h < hc; h++) {
            x = x.plus(sys[1][m * hc + h].times(u[k * hc + h]));
          }
          xs[b][t + 1][m] = x;
        }
      }
    }
    return xs;
  }

  /**
   * Recurrent forward pass.
   *
   * @param u [batch, length, H]
   * @param batch batch size
   * @param length length
   * @param x0Re Re of the initial state [batch, M], or null for zero
   * @param x0Im Im of the initial state, or null
   * @param reset reset mask [batch, length], or null
   * @param dtScale per-step Δ multiplier [batch, length], or null
   * @param finalRe receives Re of the final state [batch, M], or null
   * @param finalIm receives Im of the final state, or null
   * @return y [batch, length, H]
   */
  public double[] forward(
      double[] u,
      int batch,
      int length,
      double[] x0Re,
      double[] x0Im,
      boolean[] reset,
      double[] dtScale,
      double[] finalRe,
      double[] finalIm) {
    int mc = config.modes();
    int hc = config.channels();
    Complex[][][] xs = states(u, batch, length, x0Re, x0Im, reset, dtScale);
    double[] y = new double[u.length];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < length; t++) {
        int k = b * length + t;
        for (int h = 0; h < hc; h++) {
          Complex acc = Complex.ZERO;
          for (int m = 0; m < mc; m++) {
            acc = acc.plus(cTilde(h, m).times(xs[b][t + 1][m]));
          }
          y[k * hc + h] = config.outputScale() * acc.re() + p("d", h) * u[k * hc + h];
        }
      }
      for (int m = 0; m < mc; m++) {
        if (finalRe != null) {
          finalRe[b * mc + m] = xs[b][length][m].re();
          finalIm[b * mc + m] = xs[b][length][m].im();
        }
      }
    }
    return y;
  }

  /**
   * Backpropagation through time of {@link #forward} for the loss with dL/dy = dy.
   *
   * @param u [batch, length, H]
   * @param dy [batch, length, H]
   * @param batch batch size
   * @param length length
   * @param x0Re Re of the initial state, or null
   * @param x0Im Im of the initial state, or null
   * @param reset reset mask [batch, length], or null
   * @param dtScale per-step Δ multiplier [batch, length], or null
   * @return all gradients
   */
  public Gradients backward(
      double[] u,
      double[] dy,
      int batch,
      int length,
      double[] x0Re,
      double[] x0Im,
      boolean[] reset,
      double[] dtScale) {
    int mc = config.modes();
    int hc = config.channels();
    double s = config.outputScale();
    Map<String, double[]> g = ParamMaps.zerosLike(params);
    double[] du = new double[u.length];
    double[] dxRe = new double[batch * mc];
    double[] dxIm = new double[batch * mc];
    Complex[][][] xs = states(u, batch, length, x0Re, x0Im, reset, dtScale);
    double[] vjp = new double[5];
    for (int b = 0; b < batch; b++) {
      Complex[] mu = new Complex[mc];
      java.util.Arrays.fill(mu, Complex.ZERO);
      for (int t = length - 1; t >= 0; t--) {
        int k = b * length + t;
        boolean rs = reset != null && reset[k];
        Complex[][] sys = discrete(scale(dtScale, k));
        for (int h = 0; h < hc; h++) {
          double gy = dy[k * hc + h];
          g.get("d")[h] += gy * u[k * hc + h];
          du[k * hc + h] += p("d", h) * gy;
          for (int m = 0; m < mc; m++) {
            mu[m] = mu[m].plus(cTilde(h, m).conj().times(s * gy));
            Complex gc = xs[b][t + 1][m].conj().times(s * gy);
            g.get("cRe")[h * mc + m] += gc.re();
            g.get("cIm")[h * mc + m] += gc.im();
          }
        }
        for (int m = 0; m < mc; m++) {
          Complex gLambdaBar = rs ? Complex.ZERO : xs[b][t][m].conj().times(mu[m]);
          double dtm = dt(m, scale(dtScale, k));
          for (int h = 0; h < hc; h++) {
            du[k * hc + h] += sys[1][m * hc + h].conj().times(mu[m]).re();
            Complex gBbar = mu[m].times(u[k * hc + h]);
            Complex gA = h == 0 ? gLambdaBar : Complex.ZERO;
            ModeMath.vjp(config.discretization(), dtm, lambda(m), bTilde(m, h), gA, gBbar, vjp);
            g.get("logDt")[m] += vjp[0] * dtm;
            boolean clipped = config.clipEigs() && p("lambdaRe", m) > S5Config.CLIP_MAX_REAL;
            g.get("lambdaRe")[m] += clipped ? 0 : vjp[1];
            g.get("lambdaIm")[m] += vjp[2];
            g.get("bRe")[m * hc + h] += vjp[3];
            g.get("bIm")[m * hc + h] += vjp[4];
          }
          mu[m] = rs ? Complex.ZERO : sys[0][m].conj().times(mu[m]);
        }
      }
      for (int m = 0; m < mc; m++) {
        dxRe[b * mc + m] = mu[m].re();
        dxIm[b * mc + m] = mu[m].im();
      }
    }
    return new Gradients(g, du, dxRe, dxIm);
  }
}
