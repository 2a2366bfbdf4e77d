package dev.hiss.model.ssm;

import dev.hiss.model.ssm.internal.Complex;
import dev.hiss.model.ssm.internal.ModeMath;
import dev.hiss.model.ssm.internal.ParamMaps;
import java.util.Map;

/**
 * Slow double-precision twin of {@link S4DLayer}, for tests only: plain loops over time with {@link
 * Complex} arithmetic, full state storage for backpropagation through time, and the closed-form
 * Vandermonde kernel K_l = 2·Re(Σ_n C_n·dB_n·dA_n^l) with a direct causal convolution.
 *
 * <p>Shapes as in {@link S4DLayer}: sequences [batch, length, H], states [batch, H, N] (split
 * real/imaginary), reset masks [batch, length]. Parameters are double copies with the names and
 * shapes of {@link S4DParams}.
 */
public final class S4DReference implements StateSpaceKernel.Twin {

  /** The configuration. */
  public final S4DConfig config;

  /** Parameters by name (logDt, aReal, aImag, bRe, bIm, cRe, cIm, d); live arrays. */
  public final Map<String, double[]> params;

  /**
   * Result of {@link #backward}.
   *
   * @param params dL/dθ by parameter name
   * @param du dL/du [batch, length, H]
   * @param dInitialRe dL/dRe(x_{−1}) [batch, H, N]
   * @param dInitialIm dL/dIm(x_{−1}) [batch, H, N]
   */
  public record Gradients(
      Map<String, double[]> params, double[] du, double[] dInitialRe, double[] dInitialIm)
      implements StateSpaceKernel.Twin.Gradients {}

  private S4DReference(S4DConfig config, Map<String, double[]> params) {
    this.config = config;
    this.params = params;
  }

  /**
   * A double-precision copy of float parameters.
   *
   * @param p parameters
   * @return the reference twin
   */
  public static S4DReference of(S4DParams p) {
    return new S4DReference(p.config, ParamMaps.toDouble(p.arrays()));
  }

  @Override
  public Map<String, double[]> parameters() {
    return params;
  }

  private double p(String name, int i) {
    return params.get(name)[i];
  }

  /** Δ_h. */
  public double dt(int h) {
    return Math.exp(p("logDt", h));
  }

  /** Continuous A of mode (h, n). */
  public Complex a(int h, int n) {
    int i = h * config.stateSize() + n;
    return ModeMath.continuousA(p("aReal", i), p("aImag", i));
  }

  /** B of mode (h, n). */
  public Complex b(int h, int n) {
    int i = h * config.stateSize() + n;
    return new Complex(p("bRe", i), p("bIm", i));
  }

  /** C of mode (h, n). */
  public Complex c(int h, int n) {
    int i = h * config.stateSize() + n;
    return new Complex(p("cRe", i), p("cIm", i));
  }

  /** {dA, dB} of mode (h, n). */
  public Complex[] discrete(int h, int n) {
    return ModeMath.discretize(config.discretization(), dt(h), a(h, n), b(h, n));
  }

  /** {dA, dB} of mode (h, n) at Δ = Δ_h·scale. */
  public Complex[] discrete(int h, int n, double scale) {
    return ModeMath.discretize(config.discretization(), dt(h) * scale, a(h, n), b(h, n));
  }

  /**
   * Closed-form kernel K_l = 2·Re(Σ_n C_n·dB_n·dA_n^l), l = 0 … length−1 (dA^l in polar form).
   *
   * @param h channel
   * @param length kernel length
   * @return K [length]
   */
  public double[] kernel(int h, int length) {
    double[] k = new double[length];
    for (int n = 0; n < config.stateSize(); n++) {
      Complex[] ab = discrete(h, n);
      Complex w = c(h, n).times(ab[1]);
      for (int l = 0; l < length; l++) {
        k[l] += 2 * w.times(ab[0].pow(l)).re();
      }
    }
    return k;
  }

  /**
   * Convolution form from the zero state: y_t = Σ_{l≤t} K_l·u_{t−l} + D·u_t.
   *
   * @param u [batch, length, H]
   * @param batch batch size
   * @param length length
   * @return y [batch, length, H]
   */
  public double[] convolve(double[] u, int batch, int length) {
    int hc = config.channels();
    double[] y = new double[u.length];
    for (int h = 0; h < hc; h++) {
      double[] k = kernel(h, length);
      for (int b = 0; b < batch; b++) {
        for (int t = 0; t < length; t++) {
          double acc = p("d", h) * u[(b * length + t) * hc + h];
          for (int l = 0; l <= t; l++) {
            acc += k[l] * u[(b * length + t - l) * hc + h];
          }
          y[(b * length + t) * hc + h] = acc;
        }
      }
    }
    return y;
  }

  /**
   * Recurrent forward pass.
   *
   * @param u [batch, length, H]
   * @param batch batch size
   * @param length length
   * @param x0Re Re of the initial state [batch, H, N], or null for zero
   * @param x0Im Im of the initial state, or null
   * @param reset reset mask [batch, length], or null
   * @param finalRe receives Re of the final state, or null
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
      double[] finalRe,
      double[] finalIm) {
    return forward(u, batch, length, x0Re, x0Im, reset, null, finalRe, finalIm);
  }

  /**
   * Recurrent forward pass with a per-step Δ multiplier (Δ_{b,t} = Δ_h·dtScale[b·length + t]).
   *
   * @param u [batch, length, H]
   * @param batch batch size
   * @param length length
   * @param x0Re Re of the initial state [batch, H, N], or null for zero
   * @param x0Im Im of the initial state, or null
   * @param reset reset mask [batch, length], or null
   * @param dtScale Δ multiplier [batch, length], or null for 1
   * @param finalRe receives Re of the final state, or null
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
    int hc = config.channels();
    int nc = config.stateSize();
    double[] y = new double[u.length];
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < hc; h++) {
        for (int n = 0; n < nc; n++) {
          int si = (b * hc + h) * nc + n;
          Complex[] ab = discrete(h, n);
          Complex x = x0Re == null ? Complex.ZERO : new Complex(x0Re[si], x0Im[si]);
          for (int t = 0; t < length; t++) {
            int k = (b * length + t) * hc + h;
            if (reset != null && reset[b * length + t]) {
              x = Complex.ZERO;
            }
            Complex[] abt = dtScale == null ? ab : discrete(h, n, dtScale[b * length + t]);
            x = abt[0].times(x).plus(abt[1].times(u[k]));
            y[k] += 2 * c(h, n).times(x).re();
          }
          if (finalRe != null) {
            finalRe[si] = x.re();
            finalIm[si] = x.im();
          }
        }
        for (int t = 0; t < length; t++) {
          int k = (b * length + t) * hc + h;
          y[k] += p("d", h) * u[k];
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
   * @return all gradients
   */
  public Gradients backward(
      double[] u,
      double[] dy,
      int batch,
      int length,
      double[] x0Re,
      double[] x0Im,
      boolean[] reset) {
    return backward(u, dy, batch, length, x0Re, x0Im, reset, null);
  }

  /**
   * Backpropagation through time of the forward with a per-step Δ multiplier (no gradient for the
   * multiplier itself).
   *
   * @param u [batch, length, H]
   * @param dy [batch, length, H]
   * @param batch batch size
   * @param length length
   * @param x0Re Re of the initial state, or null
   * @param x0Im Im of the initial state, or null
   * @param reset reset mask [batch, length], or null
   * @param dtScale Δ multiplier [batch, length], or null for 1
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
    int hc = config.channels();
    int nc = config.stateSize();
    Map<String, double[]> g = ParamMaps.zerosLike(params);
    double[] du = new double[u.length];
    double[] dxRe = new double[batch * hc * nc];
    double[] dxIm = new double[batch * hc * nc];
    double[] vjp = new double[5];
    for (int h = 0; h < hc; h++) {
      for (int n = 0; n < nc; n++) {
        int i = h * nc + n;
        Complex[] ab = discrete(h, n);
        Complex gradDA = Complex.ZERO;
        Complex gradDB = Complex.ZERO;
        Complex gradC = Complex.ZERO;
        double[] scaled = new double[5]; // per-step VJPs summed: {dL/dlogDt, A re, A im, B re, im}
        for (int b = 0; b < batch; b++) {
          int si = (b * hc + h) * nc + n;
          Complex[] xs = new Complex[length + 1]; // xs[t + 1] = x_t; xs[0] = x_{−1}
          xs[0] = x0Re == null ? Complex.ZERO : new Complex(x0Re[si], x0Im[si]);
          Complex[][] abs = new Complex[length][];
          for (int t = 0; t < length; t++) {
            abs[t] = dtScale == null ? ab : discrete(h, n, dtScale[b * length + t]);
            Complex prev = isReset(reset, b, length, t) ? Complex.ZERO : xs[t];
            xs[t + 1] = abs[t][0].times(prev).plus(abs[t][1].times(u[(b * length + t) * hc + h]));
          }
          Complex mu = Complex.ZERO; // dL/dx_t, built backwards
          for (int t = length - 1; t >= 0; t--) {
            int k = (b * length + t) * hc + h;
            Complex next = mu;
            mu = c(h, n).conj().times(2 * dy[k]).plus(next);
            gradC = gradC.plus(xs[t + 1].conj().times(2 * dy[k]));
            Complex stepDB = mu.times(u[k]);
            Complex stepDA = Complex.ZERO;
            du[k] += abs[t][1].conj().times(mu).re();
            if (isReset(reset, b, length, t)) {
              mu = Complex.ZERO;
            } else {
              stepDA = xs[t].conj().times(mu);
              mu = abs[t][0].conj().times(mu);
            }
            if (dtScale == null) {
              gradDA = gradDA.plus(stepDA);
              gradDB = gradDB.plus(stepDB);
            } else {
              double dtT = dt(h) * dtScale[b * length + t];
              ModeMath.vjp(config.discretization(), dtT, a(h, n), b(h, n), stepDA, stepDB, vjp);
              scaled[0] += vjp[0] * dtT;
              for (int j = 1; j < 5; j++) {
                scaled[j] += vjp[j];
              }
            }
          }
          dxRe[si] = mu.re();
          dxIm[si] = mu.im();
        }
        if (dtScale == null) {
          ModeMath.vjp(config.discretization(), dt(h), a(h, n), b(h, n), gradDA, gradDB, vjp);
          vjp[0] *= dt(h);
        } else {
          System.arraycopy(scaled, 0, vjp, 0, 5);
        }
        g.get("logDt")[h] += vjp[0];
        g.get("aReal")[i] += -Math.exp(p("aReal", i)) * vjp[1];
        g.get("aImag")[i] += vjp[2];
        g.get("bRe")[i] += vjp[3];
        g.get("bIm")[i] += vjp[4];
        g.get("cRe")[i] += gradC.re();
        g.get("cIm")[i] += gradC.im();
      }
      for (int b = 0; b < batch; b++) {
        for (int t = 0; t < length; t++) {
          int k = (b * length + t) * hc + h;
          du[k] += p("d", h) * dy[k];
          g.get("d")[h] += dy[k] * u[k];
        }
      }
    }
    return new Gradients(g, du, dxRe, dxIm);
  }

  private static boolean isReset(boolean[] reset, int b, int length, int t) {
    return reset != null && reset[b * length + t];
  }
}
