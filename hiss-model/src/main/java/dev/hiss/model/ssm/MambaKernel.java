package dev.hiss.model.ssm;

import dev.hiss.model.ssm.internal.Activations;
import dev.hiss.model.ssm.internal.Dense;

/**
 * The Mamba mixer pipeline for ONE series of a batch, with its float32 workspace: forward
 * (optionally keeping every SSM state for backpropagation) and backward. Used by {@link
 * MambaLayer}; one instance per series and thread.
 *
 * <p>Shapes (per series, row-major): u, y [L, D]; x, z, xc (pre-activation conv), xs = SiLU(xc),
 * Δ_raw·W + b (dtRaw), Δ, y_ssm, gated [L, I]; [Δ_raw, B, C] (dbc) [L, R + 2N]; states [(L+1), I,
 * N].
 */
final class MambaKernel {

  private final MambaParams p;
  private final float[] a;
  private final int len;
  private final int dm;
  private final int di;
  private final int ns;
  private final int rank;
  private final int kw;
  private final int xw;

  private final float[] x;
  private final float[] z;
  private final float[] xc;
  private final float[] xs;
  private final float[] dbc;
  private final float[] dtRaw;
  private final float[] delta;
  private final float[] ySsm;
  private final float[] gated;
  private final int[] seg;
  private float[] hs;
  private float[] scale;

  /**
   * @param p the parameters
   * @param a A = −exp(aLog) in float32, [I, N]
   * @param length L
   */
  MambaKernel(MambaParams p, float[] a, int length) {
    MambaConfig c = p.config;
    this.p = p;
    this.a = a;
    this.len = length;
    this.dm = c.dModel();
    this.di = c.dInner();
    this.ns = c.dState();
    this.rank = c.dtRank();
    this.kw = c.dConv();
    this.xw = c.xProjWidth();
    int li = length * di;
    x = new float[li];
    z = new float[li];
    xc = new float[li];
    xs = new float[li];
    dbc = new float[length * xw];
    dtRaw = new float[li];
    delta = new float[li];
    ySsm = new float[li];
    gated = new float[li];
    seg = new int[length];
  }

  /**
   * Sets the per-step Δt multiplier [batch, L] (null for 1): Δ_t = softplus(·)·scale[b·L + t].
   *
   * @param dtScale the multipliers, or null
   * @return this kernel
   */
  MambaKernel withScale(float[] dtScale) {
    this.scale = dtScale;
    return this;
  }

  /** A = −exp(aLog) rounded to float32, [I, N]. */
  static float[] negExp(float[] aLog) {
    float[] a = new float[aLog.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) -Math.exp(aLog[i]);
    }
    return a;
  }

  /** Pre-conv input x_s of channel e as seen by a window whose segment started at segStart. */
  private float window(int s, int e, int segStart, MambaState init, int b) {
    if (s < segStart) {
      return 0f;
    }
    if (s >= 0) {
      return x[s * di + e];
    }
    return init == null ? 0f : init.conv[(b * di + e) * (kw - 1) + s + kw - 1];
  }

  /**
   * Forward pass of series b. {@code fin} may be the same object as {@code init} (in-place).
   *
   * @param u input [batch, L, D]
   * @param b series index
   * @param init initial state (slice b used), or null for zero
   * @param reset reset mask [batch, L], or null
   * @param y receives the output slice b of [batch, L, D], or null
   * @param fin receives the final state (slice b), or null
   * @param keepStates whether to keep all SSM states for {@link #backward}
   */
  void forward(
      float[] u,
      int b,
      MambaState init,
      boolean[] reset,
      float[] y,
      MambaState fin,
      boolean keepStates) {
    int off = b * len * dm;
    Dense.forward(u, off, dm, len, dm, p.inProj, 0, di, x, 0, di);
    Dense.forward(u, off, dm, len, dm, p.inProj, di * dm, di, z, 0, di);
    int sg = Integer.MIN_VALUE;
    for (int t = 0; t < len; t++) {
      if (reset != null && reset[b * len + t]) {
        sg = t;
      }
      seg[t] = sg;
      for (int e = 0; e < di; e++) {
        float acc = p.convBias[e];
        for (int k = 0; k < kw; k++) {
          acc += p.convWeight[e * kw + k] * window(t - kw + 1 + k, e, sg, init, b);
        }
        xc[t * di + e] = acc;
        xs[t * di + e] = (float) Activations.silu(acc);
      }
    }
    Dense.forward(xs, 0, di, len, di, p.xProj, 0, xw, dbc, 0, xw);
    Dense.forward(dbc, 0, xw, len, rank, p.dtProjWeight, 0, di, dtRaw, 0, di);
    for (int t = 0; t < len; t++) {
      for (int e = 0; e < di; e++) {
        int j = t * di + e;
        dtRaw[j] += p.dtProjBias[e];
        delta[j] = (float) Activations.softplus(dtRaw[j]);
        if (scale != null) {
          delta[j] *= scale[b * len + t];
        }
      }
    }
    int in = di * ns;
    float[] h = new float[in];
    if (init != null) {
      System.arraycopy(init.ssm, b * in, h, 0, in);
    }
    if (keepStates) {
      hs = new float[(len + 1) * in];
      System.arraycopy(h, 0, hs, 0, in);
    }
    for (int t = 0; t < len; t++) {
      if (reset != null && reset[b * len + t]) {
        java.util.Arrays.fill(h, 0f);
      }
      int bc = t * xw + rank;
      for (int e = 0; e < di; e++) {
        int j = t * di + e;
        float dt = delta[j];
        float xv = xs[j];
        float dtx = dt * xv;
        float acc = 0f;
        for (int n = 0; n < ns; n++) {
          int i = e * ns + n;
          float hv = (float) Math.exp(dt * a[i]) * h[i] + dtx * dbc[bc + n];
          h[i] = hv;
          acc += dbc[bc + ns + n] * hv;
        }
        ySsm[j] = acc + p.d[e] * xv;
        gated[j] = ySsm[j] * (float) Activations.silu(z[j]);
      }
      if (keepStates) {
        System.arraycopy(h, 0, hs, (t + 1) * in, in);
      }
    }
    if (y != null) {
      Dense.forward(gated, 0, di, len, di, p.outProj, 0, dm, y, off, dm);
    }
    if (fin != null) {
      int last = seg[len - 1];
      for (int e = 0; e < di; e++) {
        for (int j = 0; j < kw - 1; j++) {
          fin.conv[(b * di + e) * (kw - 1) + j] = window(len - kw + 1 + j, e, last, init, b);
        }
      }
      System.arraycopy(h, 0, fin.ssm, b * in, in);
    }
  }

  /**
   * Backward pass of series b (recomputes the forward). Adds parameter gradients to {@code g};
   * overwrites slice b of {@code du}.
   *
   * @param u input [batch, L, D]
   * @param dOut dL/dy [batch, L, D]
   * @param b series index
   * @param init the forward's initial state, or null
   * @param reset the forward's reset mask [batch, L], or null
   * @param du receives dL/du slice b of [batch, L, D], or null
   * @param g accumulates parameter gradients (double)
   */
  void backward(
      float[] u,
      float[] dOut,
      int b,
      MambaState init,
      boolean[] reset,
      float[] du,
      MambaGradients g) {
    forward(u, b, init, reset, null, null, true);
    int off = b * len * dm;
    int li = len * di;
    float[] dg = new float[li];
    Dense.backwardInput(dOut, off, dm, len, dm, p.outProj, 0, di, dg, 0, di);
    Dense.backwardWeight(dOut, off, dm, gated, 0, di, len, dm, di, g.outProj, 0);
    float[] dy = new float[li];
    float[] dz = new float[li];
    for (int j = 0; j < li; j++) {
      dy[j] = dg[j] * (float) Activations.silu(z[j]);
      dz[j] = dg[j] * ySsm[j] * (float) Activations.siluGrad(z[j]);
    }
    float[] dxs = new float[li];
    float[] dRaw = new float[li];
    float[] dDbc = new float[len * xw];
    scanBackward(b, reset, dy, dxs, dRaw, dDbc, g);
    for (int t = 0; t < len; t++) {
      for (int e = 0; e < di; e++) {
        int j = t * di + e;
        if (scale != null) {
          dRaw[j] *= scale[b * len + t];
        }
        dRaw[j] *= (float) Activations.softplusGrad(dtRaw[j]);
        g.dtProjBias[e] += dRaw[j];
      }
    }
    Dense.backwardWeight(dRaw, 0, di, dbc, 0, xw, len, di, rank, g.dtProjWeight, 0);
    Dense.backwardInput(dRaw, 0, di, len, di, p.dtProjWeight, 0, rank, dDbc, 0, xw);
    Dense.backwardWeight(dDbc, 0, xw, xs, 0, di, len, xw, di, g.xProj, 0);
    Dense.backwardInput(dDbc, 0, xw, len, xw, p.xProj, 0, di, dxs, 0, di);
    float[] dx = new float[li];
    for (int t = 0; t < len; t++) {
      int sg = seg[t];
      for (int e = 0; e < di; e++) {
        int j = t * di + e;
        float gc = dxs[j] * (float) Activations.siluGrad(xc[j]);
        g.convBias[e] += gc;
        for (int k = 0; k < kw; k++) {
          int s = t - kw + 1 + k;
          if (s >= 0 && s >= sg) {
            g.convWeight[e * kw + k] += gc * x[s * di + e];
            dx[s * di + e] += gc * p.convWeight[e * kw + k];
          } else {
            g.convWeight[e * kw + k] += gc * window(s, e, sg, init, b);
          }
        }
      }
    }
    Dense.backwardWeight(dx, 0, di, u, off, dm, len, di, dm, g.inProj, 0);
    Dense.backwardWeight(dz, 0, di, u, off, dm, len, di, dm, g.inProj, di * dm);
    if (du != null) {
      java.util.Arrays.fill(du, off, off + len * dm, 0f);
      Dense.backwardInput(dx, 0, di, len, di, p.inProj, 0, dm, du, off, dm);
      Dense.backwardInput(dz, 0, di, len, di, p.inProj, di * dm, dm, du, off, dm);
    }
    hs = null;
  }

  /**
   * Reverse selective scan: from dL/dy_ssm to dL/dxs (skip and input paths), dL/dΔ, dL/dB_t,
   * dL/dC_t (into dDbc) and dL/dA, dL/dD (into g).
   */
  private void scanBackward(
      int b,
      boolean[] reset,
      float[] dy,
      float[] dxs,
      float[] dDelta,
      float[] dDbc,
      MambaGradients g) {
    int in = di * ns;
    float[] mu = new float[in];
    double[] gA = new double[in];
    for (int t = len - 1; t >= 0; t--) {
      boolean rs = reset != null && reset[b * len + t];
      int bc = t * xw + rank;
      int hq = (t + 1) * in;
      int hp = t * in;
      for (int e = 0; e < di; e++) {
        int j = t * di + e;
        float gy = dy[j];
        float xv = xs[j];
        float dt = delta[j];
        g.d[e] += gy * xv;
        float dxv = gy * p.d[e];
        float ddt = 0f;
        for (int n = 0; n < ns; n++) {
          int i = e * ns + n;
          float bn = dbc[bc + n];
          float m = mu[i] + gy * dbc[bc + ns + n];
          dDbc[bc + ns + n] += gy * hs[hq + i];
          dDbc[bc + n] += m * dt * xv;
          dxv += m * dt * bn;
          ddt += m * bn * xv;
          if (rs) {
            mu[i] = 0f;
          } else {
            float da = (float) Math.exp(dt * a[i]);
            float mp = m * hs[hp + i] * da;
            ddt += mp * a[i];
            gA[i] += mp * dt;
            mu[i] = m * da;
          }
        }
        dxs[j] = dxv;
        dDelta[j] = ddt;
      }
    }
    for (int i = 0; i < in; i++) {
      g.aLog[i] += gA[i] * a[i];
    }
  }
}
