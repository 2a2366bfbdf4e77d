package dev.hiss.model.ssm;

import dev.hiss.model.ssm.internal.Activations;
import dev.hiss.model.ssm.internal.ParamMaps;
import java.util.Map;

/**
 * Slow double-precision twin of {@link MambaLayer}, for tests only: one plain loop over time per
 * series that mirrors mamba_ssm's {@code Mamba.step} (an explicit conv shift register and SSM state
 * [I, N]), and backpropagation through time over a full per-step trace, in reverse time order (the
 * gradient of x_t is complete once the windows of steps t … t+K−1 have been processed). Equations:
 * {@link MambaLayer}; Gu &amp; Dao 2023, arXiv 2312.00752.
 *
 * <p>Shapes as in {@link MambaLayer}: sequences [batch, length, dModel], ssm states [batch, I, N],
 * conv buffers [batch, I, dConv−1] (oldest first), reset masks [batch, length]. Parameters are
 * double copies with the names and shapes of {@link MambaParams}.
 */
public final class MambaReference implements StateSpaceKernel.Twin {

  /** The configuration. */
  public final MambaConfig config;

  /** Parameters by name (see {@link MambaParams#arrays()}); live arrays. */
  public final Map<String, double[]> params;

  private final int dm;
  private final int di;
  private final int ns;
  private final int rank;
  private final int kw;
  private final int xw;

  /**
   * Result of {@link #backward}.
   *
   * @param params dL/dθ by parameter name
   * @param du dL/du [batch, length, dModel]
   */
  public record Gradients(Map<String, double[]> params, double[] du)
      implements StateSpaceKernel.Twin.Gradients {}

  /** Everything one step computed, for backpropagation. */
  private static final class Step {
    double[] x;
    double[] z;
    double[][] win;
    int[][] src;
    double[] xc;
    double[] xs;
    double[] dbc;
    double[] dtRaw;
    double[] delta;
    double scale;
    double[][] hPrev;
    double[][] h;
    double[] ySsm;
    double[] gated;
  }

  private MambaReference(MambaConfig config, Map<String, double[]> params) {
    this.config = config;
    this.params = params;
    dm = config.dModel();
    di = config.dInner();
    ns = config.dState();
    rank = config.dtRank();
    kw = config.dConv();
    xw = config.xProjWidth();
  }

  /**
   * A double-precision copy of float parameters.
   *
   * @param p parameters
   * @return the reference twin
   */
  public static MambaReference of(MambaParams p) {
    return new MambaReference(p.config, ParamMaps.toDouble(p.arrays()));
  }

  @Override
  public Map<String, double[]> parameters() {
    return params;
  }

  private double[] p(String name) {
    return params.get(name);
  }

  /**
   * Forward pass, step by step.
   *
   * @param u [batch, length, dModel]
   * @param batch batch size
   * @param length length
   * @param ssm0 initial ssm state [batch, I, N], or null for zero
   * @param conv0 initial conv buffer [batch, I, dConv−1], or null for zero
   * @param reset reset mask [batch, length], or null
   * @param ssmFinal receives the final ssm state, or null
   * @param convFinal receives the final conv buffer, or null
   * @return y [batch, length, dModel]
   */
  public double[] forward(
      double[] u,
      int batch,
      int length,
      double[] ssm0,
      double[] conv0,
      boolean[] reset,
      double[] ssmFinal,
      double[] convFinal) {
    return forward(u, batch, length, ssm0, conv0, reset, null, ssmFinal, convFinal);
  }

  /**
   * Forward pass with a per-step Δt multiplier: Δ_t = softplus(W_dt δ_t + b_dt)·dtScale[b·length +
   * t].
   *
   * @param u [batch, length, dModel]
   * @param batch batch size
   * @param length length
   * @param ssm0 initial ssm state [batch, I, N], or null for zero
   * @param conv0 initial conv buffer [batch, I, dConv−1], or null for zero
   * @param reset reset mask [batch, length], or null
   * @param dtScale Δ multiplier [batch, length], or null for 1
   * @param ssmFinal receives the final ssm state, or null
   * @param convFinal receives the final conv buffer, or null
   * @return y [batch, length, dModel]
   */
  public double[] forward(
      double[] u,
      int batch,
      int length,
      double[] ssm0,
      double[] conv0,
      boolean[] reset,
      double[] dtScale,
      double[] ssmFinal,
      double[] convFinal) {
    double[] y = new double[u.length];
    for (int b = 0; b < batch; b++) {
      run(u, y, b, length, ssm0, conv0, reset, dtScale, ssmFinal, convFinal);
    }
    return y;
  }

  private Step[] run(
      double[] u,
      double[] y,
      int b,
      int length,
      double[] ssm0,
      double[] conv0,
      boolean[] reset,
      double[] dtScale,
      double[] ssmFinal,
      double[] convFinal) {
    double[] inProj = p("inProj");
    double[] convW = p("convWeight");
    double[] xProj = p("xProj");
    double[] dtW = p("dtProjWeight");
    double[] aLog = p("aLog");
    double[][] h = new double[di][ns];
    double[][] buf = new double[di][kw - 1];
    int[][] bufSrc = new int[di][kw - 1];
    for (int e = 0; e < di; e++) {
      java.util.Arrays.fill(bufSrc[e], -1);
      for (int n = 0; n < ns; n++) {
        h[e][n] = ssm0 == null ? 0 : ssm0[(b * di + e) * ns + n];
      }
      for (int j = 0; j < kw - 1; j++) {
        buf[e][j] = conv0 == null ? 0 : conv0[(b * di + e) * (kw - 1) + j];
      }
    }
    Step[] trace = new Step[length];
    for (int t = 0; t < length; t++) {
      Step s = new Step();
      trace[t] = s;
      if (reset != null && reset[b * length + t]) {
        h = new double[di][ns];
        for (int e = 0; e < di; e++) {
          java.util.Arrays.fill(buf[e], 0);
          java.util.Arrays.fill(bufSrc[e], -1);
        }
      }
      int uOff = (b * length + t) * dm;
      s.x = new double[di];
      s.z = new double[di];
      for (int e = 0; e < di; e++) {
        for (int i = 0; i < dm; i++) {
          s.x[e] += inProj[e * dm + i] * u[uOff + i];
          s.z[e] += inProj[(di + e) * dm + i] * u[uOff + i];
        }
      }
      s.win = new double[di][kw];
      s.src = new int[di][kw];
      s.xc = new double[di];
      s.xs = new double[di];
      for (int e = 0; e < di; e++) {
        System.arraycopy(buf[e], 0, s.win[e], 0, kw - 1);
        System.arraycopy(bufSrc[e], 0, s.src[e], 0, kw - 1);
        s.win[e][kw - 1] = s.x[e];
        s.src[e][kw - 1] = t;
        s.xc[e] = p("convBias")[e];
        for (int k = 0; k < kw; k++) {
          s.xc[e] += convW[e * kw + k] * s.win[e][k];
        }
        s.xs[e] = Activations.silu(s.xc[e]);
        System.arraycopy(s.win[e], 1, buf[e], 0, kw - 1); // shift register
        System.arraycopy(s.src[e], 1, bufSrc[e], 0, kw - 1);
      }
      s.dbc = new double[xw];
      for (int j = 0; j < xw; j++) {
        for (int e = 0; e < di; e++) {
          s.dbc[j] += xProj[j * di + e] * s.xs[e];
        }
      }
      s.dtRaw = new double[di];
      s.delta = new double[di];
      s.scale = dtScale == null ? 1.0 : dtScale[b * length + t];
      s.hPrev = h;
      h = new double[di][ns];
      s.h = h;
      s.ySsm = new double[di];
      s.gated = new double[di];
      for (int e = 0; e < di; e++) {
        s.dtRaw[e] = p("dtProjBias")[e];
        for (int r = 0; r < rank; r++) {
          s.dtRaw[e] += dtW[e * rank + r] * s.dbc[r];
        }
        s.delta[e] = Activations.softplus(s.dtRaw[e]) * s.scale;
        for (int n = 0; n < ns; n++) {
          double a = -Math.exp(aLog[e * ns + n]);
          h[e][n] =
              Math.exp(s.delta[e] * a) * s.hPrev[e][n] + s.delta[e] * s.dbc[rank + n] * s.xs[e];
          s.ySsm[e] += s.dbc[rank + ns + n] * h[e][n];
        }
        s.ySsm[e] += p("d")[e] * s.xs[e];
        s.gated[e] = s.ySsm[e] * Activations.silu(s.z[e]);
      }
      for (int o = 0; o < dm; o++) {
        double acc = 0;
        for (int e = 0; e < di; e++) {
          acc += p("outProj")[o * di + e] * s.gated[e];
        }
        y[uOff + o] = acc;
      }
    }
    for (int e = 0; e < di; e++) {
      for (int n = 0; n < ns; n++) {
        if (ssmFinal != null) {
          ssmFinal[(b * di + e) * ns + n] = h[e][n];
        }
      }
      for (int j = 0; j < kw - 1; j++) {
        if (convFinal != null) {
          convFinal[(b * di + e) * (kw - 1) + j] = buf[e][j];
        }
      }
    }
    return trace;
  }

  /**
   * Backpropagation through time of {@link #forward} for the loss with dL/dy = dy.
   *
   * @param u [batch, length, dModel]
   * @param dy [batch, length, dModel]
   * @param batch batch size
   * @param length length
   * @param ssm0 initial ssm state, or null
   * @param conv0 initial conv buffer, or null
   * @param reset reset mask [batch, length], or null
   * @return all gradients
   */
  public Gradients backward(
      double[] u,
      double[] dy,
      int batch,
      int length,
      double[] ssm0,
      double[] conv0,
      boolean[] reset) {
    return backward(u, dy, batch, length, ssm0, conv0, reset, null);
  }

  /**
   * Backpropagation through time of the per-step-Δt forward (no gradient for dtScale).
   *
   * @param u [batch, length, dModel]
   * @param dy [batch, length, dModel]
   * @param batch batch size
   * @param length length
   * @param ssm0 initial ssm state, or null
   * @param conv0 initial conv buffer, or null
   * @param reset reset mask [batch, length], or null
   * @param dtScale Δ multiplier [batch, length], or null for 1
   * @return all gradients
   */
  public Gradients backward(
      double[] u,
      double[] dy,
      int batch,
      int length,
      double[] ssm0,
      double[] conv0,
      boolean[] reset,
      double[] dtScale) {
    Map<String, double[]> g = ParamMaps.zerosLike(params);
    double[] du = new double[u.length];
    double[] scratch = new double[u.length];
    for (int b = 0; b < batch; b++) {
      Step[] trace = run(u, scratch, b, length, ssm0, conv0, reset, dtScale, null, null);
      double[][] dx = new double[length][di];
      double[][] dh = new double[di][ns];
      for (int t = length - 1; t >= 0; t--) {
        dh = backStep(trace[t], u, dy, (b * length + t) * dm, dx, t, dh, g, du);
        if (reset != null && reset[b * length + t]) {
          dh = new double[di][ns]; // the state before a reset does not reach the output
        }
      }
    }
    return new Gradients(g, du);
  }

  /** One reverse step; returns dL/dh_{t−1} (through the effective previous state). */
  private double[][] backStep(
      Step s,
      double[] u,
      double[] dy,
      int off,
      double[][] dx,
      int t,
      double[][] dhNext,
      Map<String, double[]> g,
      double[] du) {
    double[] dGated = new double[di];
    for (int o = 0; o < dm; o++) {
      for (int e = 0; e < di; e++) {
        g.get("outProj")[o * di + e] += dy[off + o] * s.gated[e];
        dGated[e] += dy[off + o] * p("outProj")[o * di + e];
      }
    }
    double[] dxs = new double[di];
    double[] dz = new double[di];
    double[] dDelta = new double[di];
    double[] ddbc = new double[xw];
    double[][] dhPrev = new double[di][ns];
    for (int e = 0; e < di; e++) {
      double dyS = dGated[e] * Activations.silu(s.z[e]);
      dz[e] = dGated[e] * s.ySsm[e] * Activations.siluGrad(s.z[e]);
      dxs[e] += dyS * p("d")[e];
      g.get("d")[e] += dyS * s.xs[e];
      for (int n = 0; n < ns; n++) {
        int i = e * ns + n;
        double a = -Math.exp(p("aLog")[i]);
        double da = Math.exp(s.delta[e] * a);
        ddbc[rank + ns + n] += dyS * s.h[e][n];
        double dh = dhNext[e][n] + dyS * s.dbc[rank + ns + n];
        dDelta[e] += dh * (a * da * s.hPrev[e][n] + s.dbc[rank + n] * s.xs[e]);
        g.get("aLog")[i] += dh * da * s.delta[e] * s.hPrev[e][n] * a;
        ddbc[rank + n] += dh * s.delta[e] * s.xs[e];
        dxs[e] += dh * s.delta[e] * s.dbc[rank + n];
        dhPrev[e][n] = dh * da;
      }
    }
    for (int e = 0; e < di; e++) {
      double dRaw = dDelta[e] * s.scale * Activations.softplusGrad(s.dtRaw[e]);
      g.get("dtProjBias")[e] += dRaw;
      for (int r = 0; r < rank; r++) {
        g.get("dtProjWeight")[e * rank + r] += dRaw * s.dbc[r];
        ddbc[r] += dRaw * p("dtProjWeight")[e * rank + r];
      }
    }
    for (int j = 0; j < xw; j++) {
      for (int e = 0; e < di; e++) {
        g.get("xProj")[j * di + e] += ddbc[j] * s.xs[e];
        dxs[e] += ddbc[j] * p("xProj")[j * di + e];
      }
    }
    for (int e = 0; e < di; e++) {
      double dxc = dxs[e] * Activations.siluGrad(s.xc[e]);
      g.get("convBias")[e] += dxc;
      for (int k = 0; k < kw; k++) {
        g.get("convWeight")[e * kw + k] += dxc * s.win[e][k];
        if (s.src[e][k] >= 0) {
          dx[s.src[e][k]][e] += dxc * p("convWeight")[e * kw + k];
        }
      }
    }
    for (int e = 0; e < di; e++) {
      for (int i = 0; i < dm; i++) {
        g.get("inProj")[e * dm + i] += dx[t][e] * u[off + i];
        g.get("inProj")[(di + e) * dm + i] += dz[e] * u[off + i];
        du[off + i] += dx[t][e] * p("inProj")[e * dm + i] + dz[e] * p("inProj")[(di + e) * dm + i];
      }
    }
    return dhPrev;
  }
}
