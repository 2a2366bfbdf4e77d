package dev.hiss.model.ssm;

import dev.hiss.model.ssm.internal.ParamMaps;
import java.util.Map;

/**
 * Slow double-precision twin of {@link S4Layer}, for tests only, independent of its Woodbury step:
 * each channel's system is built as a DENSE real matrix on the kept half state, discretized by an
 * explicit matrix inverse, and run with plain loops over time; backward is backpropagation through
 * time plus the matrix-inverse chain rule. Closed-form kernel K_l = c·dA^l·dB.
 *
 * <p>Real representation (Gu, Goel &amp; Ré 2022, §3.1, DPLR A = Λ − P·P^H): the half state x ∈ ℂ^N
 * is the real vector z = [Re x; Im x] ∈ ℝ^{2N}, on which A·x = Λ∘x − P·2Re(P^H x) is the dense
 * matrix A = [[diag Re Λ, −diag Im Λ], [diag Im Λ, diag Re Λ]] − 2·p·pᵀ with p = [Re P; Im P]. This
 * is the full 2N×2N complex conjugate-expanded system of s4.py in another basis. Bilinear: dA = (I
 * − Δ/2·A)⁻¹(I + Δ/2·A), dB = (I − Δ/2·A)⁻¹·Δ·b with b = [Re B; Im B]; y = c·z + D·u with c = 2·[Re
 * C; −Im C] (= 2·Re(Σ C_n x_n)).
 *
 * <p>Shapes as in {@link S4Layer}: sequences [batch, length, H], states [batch, H, N] (split
 * real/imaginary), reset masks [batch, length]. Parameters are double copies with the names and
 * shapes of {@link S4Params}.
 */
public final class S4Reference implements StateSpaceKernel.Twin {

  /** The configuration. */
  public final S4Config config;

  /** Parameters by name (see {@link S4Params#arrays()}); live arrays. */
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

  /**
   * The discrete system of one channel in the real representation.
   *
   * @param a continuous A [2N][2N]
   * @param minv (I − Δ/2·A)⁻¹
   * @param dA discrete state matrix [2N][2N]
   * @param dB discrete input vector [2N]
   * @param c output vector [2N]
   */
  public record Dense(double[][] a, double[][] minv, double[][] dA, double[] dB, double[] c) {}

  private S4Reference(S4Config config, Map<String, double[]> params) {
    this.config = config;
    this.params = params;
  }

  /**
   * A double-precision copy of float parameters.
   *
   * @param p parameters
   * @return the reference twin
   */
  public static S4Reference of(S4Params p) {
    return new S4Reference(p.config, ParamMaps.toDouble(p.arrays()));
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

  /**
   * The continuous dense A of channel h in the real representation (see the class comment).
   *
   * @param h channel
   * @return A [2N][2N]
   */
  public double[][] continuousA(int h) {
    int nc = config.stateSize();
    double[][] a = new double[2 * nc][2 * nc];
    double[] pv = new double[2 * nc];
    for (int n = 0; n < nc; n++) {
      int i = h * nc + n;
      double lr = -Math.exp(p("aReal", i));
      double li = p("aImag", i);
      a[n][n] = lr;
      a[nc + n][nc + n] = lr;
      a[n][nc + n] = -li;
      a[nc + n][n] = li;
      pv[n] = p("pRe", i);
      pv[nc + n] = p("pIm", i);
    }
    for (int i = 0; i < 2 * nc; i++) {
      for (int j = 0; j < 2 * nc; j++) {
        a[i][j] -= 2 * pv[i] * pv[j];
      }
    }
    return a;
  }

  /**
   * Bilinear discretization of channel h with an explicit dense inverse.
   *
   * @param h channel
   * @return the dense discrete system
   */
  public Dense discrete(int h) {
    return discrete(h, 1.0);
  }

  /**
   * Bilinear discretization of channel h at the step size Δ_h·scale (per-step Δt).
   *
   * @param h channel
   * @param scale Δ multiplier, &gt; 0
   * @return the dense discrete system
   */
  public Dense discrete(int h, double scale) {
    int nc = config.stateSize();
    int m = 2 * nc;
    double dt = dt(h) * scale;
    double[][] a = continuousA(h);
    double[][] lhs = new double[m][m];
    double[][] rhs = new double[m][m];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        double id = i == j ? 1 : 0;
        lhs[i][j] = id - 0.5 * dt * a[i][j];
        rhs[i][j] = id + 0.5 * dt * a[i][j];
      }
    }
    double[][] minv = RealMatrix.inverse(lhs);
    double[] b = new double[m];
    double[] c = new double[m];
    for (int n = 0; n < nc; n++) {
      int i = h * nc + n;
      b[n] = dt * p("bRe", i);
      b[nc + n] = dt * p("bIm", i);
      c[n] = 2 * p("cRe", i);
      c[nc + n] = -2 * p("cIm", i);
    }
    return new Dense(a, minv, RealMatrix.times(minv, rhs), RealMatrix.times(minv, b), c);
  }

  /**
   * Closed-form kernel K_l = c·dA^l·dB, l = 0 … length−1, with dense powers of dA.
   *
   * @param h channel
   * @param length kernel length
   * @return K [length]
   */
  public double[] kernel(int h, int length) {
    Dense s = discrete(h);
    double[] k = new double[length];
    double[] v = s.dB().clone();
    for (int l = 0; l < length; l++) {
      k[l] = RealMatrix.dot(s.c(), v);
      v = RealMatrix.times(s.dA(), v);
    }
    return k;
  }

  /**
   * Recurrent forward pass with the dense matrices.
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
   * Recurrent forward pass with a per-step Δ multiplier: step t of series b is discretized at
   * Δ_h·dtScale[b·length + t].
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
    for (int h = 0; h < hc; h++) {
      Dense plain = discrete(h);
      for (int b = 0; b < batch; b++) {
        Dense[] sys = systems(h, plain, dtScale, b, length);
        int so = (b * hc + h) * nc;
        double[] x = initial(x0Re, x0Im, so, nc);
        for (int t = 0; t < length; t++) {
          int k = (b * length + t) * hc + h;
          if (reset != null && reset[b * length + t]) {
            x = new double[2 * nc];
          }
          Dense s = sys[t];
          x = RealMatrix.times(s.dA(), x);
          RealMatrix.axpy(u[k], s.dB(), x);
          y[k] = RealMatrix.dot(s.c(), x) + p("d", h) * u[k];
        }
        if (finalRe != null) {
          System.arraycopy(x, 0, finalRe, so, nc);
          System.arraycopy(x, nc, finalIm, so, nc);
        }
      }
    }
    return y;
  }

  private Dense[] systems(int h, Dense plain, double[] dtScale, int b, int length) {
    Dense[] sys = new Dense[length];
    for (int t = 0; t < length; t++) {
      double sc = scale(dtScale, b, length, t);
      sys[t] = sc == 1.0 ? plain : discrete(h, sc);
    }
    return sys;
  }

  private static double scale(double[] dtScale, int b, int length, int t) {
    return dtScale == null ? 1.0 : dtScale[b * length + t];
  }

  private static double[] initial(double[] re, double[] im, int off, int nc) {
    double[] x = new double[2 * nc];
    if (re != null) {
      System.arraycopy(re, off, x, 0, nc);
      System.arraycopy(im, off, x, nc, nc);
    }
    return x;
  }

  /**
   * Backpropagation through time of {@link #forward} for the loss with dL/dy = dy, then through the
   * explicit inverse: for dA = M⁻¹·N₊, dB = M⁻¹·Δb with M = I − Δ/2·A, N₊ = I + Δ/2·A, the
   * gradients are g(N₊) = M⁻ᵀ·g(dA), g(Δb) = M⁻ᵀ·g(dB), g(M) = −g(N₊)·dAᵀ − g(Δb)·dBᵀ.
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
   * {@link #backward(double[], double[], int, int, double[], double[], boolean[])} of the per-step
   * Δ forward: each step's dA_t, dB_t gradients are chained through the inverse at Δ_h·dtScale_t
   * (dΔ_t/dlogDt = Δ_t); steps with equal scale share one chain (it is linear in the gradients).
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
    int m = 2 * nc;
    Map<String, double[]> g = ParamMaps.zerosLike(params);
    double[] du = new double[u.length];
    double[] dxRe = new double[batch * hc * nc];
    double[] dxIm = new double[batch * hc * nc];
    for (int h = 0; h < hc; h++) {
      Dense plain = discrete(h);
      Dense s = plain;
      double cur = 1.0;
      double[][] gdA = new double[m][m];
      double[] gdB = new double[m];
      double[] gc = new double[m];
      for (int b = 0; b < batch; b++) {
        Dense[] sys = systems(h, plain, dtScale, b, length);
        int so = (b * hc + h) * nc;
        double[][] xs = new double[length + 1][]; // xs[t + 1] = x_t; xs[0] = x_{−1}
        xs[0] = initial(x0Re, x0Im, so, nc);
        for (int t = 0; t < length; t++) {
          double[] prev = isReset(reset, b, length, t) ? new double[m] : xs[t];
          xs[t + 1] = RealMatrix.times(sys[t].dA(), prev);
          RealMatrix.axpy(u[(b * length + t) * hc + h], sys[t].dB(), xs[t + 1]);
        }
        double[] mu = new double[m];
        for (int t = length - 1; t >= 0; t--) {
          int k = (b * length + t) * hc + h;
          double sc = scale(dtScale, b, length, t);
          if (sc != cur) {
            S4DenseChain.chain(this, h, cur, s, gdA, gdB, g);
            gdA = new double[m][m];
            gdB = new double[m];
            cur = sc;
          }
          s = sys[t];
          RealMatrix.axpy(dy[k], s.c(), mu);
          RealMatrix.axpy(dy[k], xs[t + 1], gc);
          RealMatrix.axpy(u[k], mu, gdB);
          du[k] = RealMatrix.dot(s.dB(), mu) + p("d", h) * dy[k];
          g.get("d")[h] += dy[k] * u[k];
          if (isReset(reset, b, length, t)) {
            mu = new double[m];
          } else {
            RealMatrix.addOuter(mu, xs[t], gdA);
            mu = RealMatrix.transposeTimes(s.dA(), mu);
          }
        }
        System.arraycopy(mu, 0, dxRe, so, nc);
        System.arraycopy(mu, nc, dxIm, so, nc);
      }
      S4DenseChain.chain(this, h, cur, s, gdA, gdB, g);
      for (int n = 0; n < nc; n++) {
        g.get("cRe")[h * nc + n] += 2 * gc[n];
        g.get("cIm")[h * nc + n] += -2 * gc[nc + n];
      }
    }
    return new Gradients(g, du, dxRe, dxIm);
  }

  private static boolean isReset(boolean[] reset, int b, int length, int t) {
    return reset != null && reset[b * length + t];
  }
}
