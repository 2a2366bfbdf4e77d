package dev.hiss.model.attention;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slow double-precision twin of {@link TransformerLayer}, for tests only: plain loops over time
 * that evaluate the equations of {@link TransformerConfig} with a full masked score row per
 * position (every context row j, visible or not, decided by the rule t − W &lt; j ≤ t and no reset
 * in (j, t]), keep the whole history, and backpropagate by hand. Shapes as in {@link
 * TransformerLayer}: u and y [batch, length, H], reset [batch, length]. Parameters are double
 * copies with the names and shapes of {@link TransformerParams}. The initial KV cache, if any, is
 * given per series oldest first and is a constant.
 */
public final class TransformerReference {

  /** The configuration. */
  public final TransformerConfig config;

  /** Parameters by name (see {@link TransformerParams#arrays()}); live arrays. */
  public final Map<String, double[]> params;

  /**
   * Result of {@link #forward}.
   *
   * @param y output [batch, length, H]
   * @param keys per series, the final cache's keys oldest first [n_b·H]
   * @param values per series, the final cache's values oldest first [n_b·H]
   */
  public record Output(double[] y, double[][] keys, double[][] values) {}

  /**
   * Result of {@link #backward}.
   *
   * @param params dL/dθ by parameter name
   * @param du dL/du [batch, length, H]
   */
  public record Gradients(Map<String, double[]> params, double[] du) {}

  private TransformerReference(TransformerConfig config, Map<String, double[]> params) {
    this.config = config;
    this.params = params;
  }

  /**
   * A double-precision copy of float parameters.
   *
   * @param p parameters
   * @return the reference twin
   */
  public static TransformerReference of(TransformerParams p) {
    Map<String, double[]> m = new LinkedHashMap<>();
    p.arrays()
        .forEach(
            (k, v) -> {
              double[] d = new double[v.length];
              for (int i = 0; i < v.length; i++) {
                d[i] = v[i];
              }
              m.put(k, d);
            });
    return new TransformerReference(p.config, m);
  }

  private double[] p(String name) {
    return params.get(name);
  }

  /**
   * Forward pass.
   *
   * @param u input [batch, length, H]
   * @param batch batch size
   * @param length sequence length
   * @param initKeys per series the initial cached keys oldest first [c_b·H], or null for empty
   * @param initValues per series the initial cached values, like {@code initKeys}
   * @param reset reset mask [batch, length], or null
   * @return outputs and final caches
   */
  public Output forward(
      double[] u,
      int batch,
      int length,
      double[][] initKeys,
      double[][] initValues,
      boolean[] reset) {
    int h = config.width();
    double[] y = new double[batch * length * h];
    double[][] fk = new double[batch][];
    double[][] fv = new double[batch][];
    for (int b = 0; b < batch; b++) {
      Trace tr = new Trace(u, b, length, initKeys, initValues, reset);
      System.arraycopy(tr.y, 0, y, b * length * h, length * h);
      int rows = tr.cached + length;
      int first = Math.max(tr.start, rows - config.window());
      fk[b] = new double[(rows - first) * h];
      fv[b] = new double[(rows - first) * h];
      for (int r = first; r < rows; r++) {
        System.arraycopy(tr.k[r], 0, fk[b], (r - first) * h, h);
        System.arraycopy(tr.v[r], 0, fv[b], (r - first) * h, h);
      }
    }
    return new Output(y, fk, fv);
  }

  /**
   * Backward pass of L = Σ dy·y.
   *
   * @param u input [batch, length, H]
   * @param dy dL/dy [batch, length, H]
   * @param batch batch size
   * @param length sequence length
   * @param initKeys as in {@link #forward}, or null
   * @param initValues as in {@link #forward}, or null
   * @param reset reset mask [batch, length], or null
   * @return parameter and input gradients
   */
  public Gradients backward(
      double[] u,
      double[] dy,
      int batch,
      int length,
      double[][] initKeys,
      double[][] initValues,
      boolean[] reset) {
    Map<String, double[]> g = new LinkedHashMap<>();
    params.forEach((k, v) -> g.put(k, new double[v.length]));
    double[] du = new double[u.length];
    for (int b = 0; b < batch; b++) {
      new Trace(u, b, length, initKeys, initValues, reset).backward(dy, du, g);
    }
    return new Gradients(g, du);
  }

  /** The history of one series. */
  private final class Trace {
    final int length;
    final int cached;
    final int base;
    final int h = config.width();
    final int f = config.ffnSize();
    final int nh = config.heads();
    final int d = config.headSize();
    int start;
    final int[] startAt;
    final double[][] x;
    final double[][] xh1;
    final double[] rs1;
    final double[][] a;
    final double[][] q;
    final double[][] k;
    final double[][] v;
    final double[][][] prob;
    final double[][] o;
    final double[][] z;
    final double[][] xh2;
    final double[] rs2;
    final double[][] c;
    final double[][] f1;
    final double[] y;

    Trace(double[] u, int b, int length, double[][] ik, double[][] iv, boolean[] reset) {
      this.length = length;
      this.base = b * length * h;
      cached = ik == null ? 0 : ik[b].length / h;
      int rows = cached + length;
      startAt = new int[length];
      x = new double[length][h];
      xh1 = new double[length][h];
      rs1 = new double[length];
      a = new double[length][h];
      q = new double[length][h];
      k = new double[rows][h];
      v = new double[rows][h];
      prob = new double[length][nh][rows];
      o = new double[length][h];
      z = new double[length][h];
      xh2 = new double[length][h];
      rs2 = new double[length];
      c = new double[length][h];
      f1 = new double[length][f];
      y = new double[length * h];
      for (int r = 0; r < cached; r++) {
        System.arraycopy(ik[b], r * h, k[r], 0, h);
        System.arraycopy(iv[b], r * h, v[r], 0, h);
      }
      for (int t = 0; t < length; t++) {
        int row = cached + t;
        if (reset != null && reset[b * length + t]) {
          start = row;
        }
        startAt[t] = start;
        System.arraycopy(u, base + t * h, x[t], 0, h);
        rs1[t] = norm(x[t], p("norm1W"), p("norm1B"), xh1[t], a[t]);
        double[] qkv = matVec(p("inProjW"), p("inProjB"), a[t], 3 * h);
        System.arraycopy(qkv, 0, q[t], 0, h);
        System.arraycopy(qkv, h, k[row], 0, h);
        System.arraycopy(qkv, 2 * h, v[row], 0, h);
        for (int hd = 0; hd < nh; hd++) {
          double[] s = new double[rows];
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < rows; j++) {
            if (!visible(j, row, start)) {
              s[j] = Double.NEGATIVE_INFINITY;
              continue;
            }
            double dot = 0;
            for (int i = hd * d; i < (hd + 1) * d; i++) {
              dot += q[t][i] * k[j][i];
            }
            s[j] = dot / Math.sqrt(d) - config.slope(hd) * (row - j);
            max = Math.max(max, s[j]);
          }
          double sum = 0;
          for (int j = 0; j < rows; j++) {
            s[j] = s[j] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(s[j] - max);
            sum += s[j];
          }
          for (int j = 0; j < rows; j++) {
            prob[t][hd][j] = s[j] / sum;
            for (int i = hd * d; i < (hd + 1) * d; i++) {
              o[t][i] += prob[t][hd][j] * v[j][i];
            }
          }
        }
        double[] att = matVec(p("outProjW"), p("outProjB"), o[t], h);
        for (int i = 0; i < h; i++) {
          z[t][i] = x[t][i] + att[i];
        }
        rs2[t] = norm(z[t], p("norm2W"), p("norm2B"), xh2[t], c[t]);
        f1[t] = matVec(p("lin1W"), p("lin1B"), c[t], f);
        double[] gl = new double[f];
        for (int i = 0; i < f; i++) {
          gl[i] = gelu(f1[t][i]);
        }
        double[] m = matVec(p("lin2W"), p("lin2B"), gl, h);
        for (int i = 0; i < h; i++) {
          y[t * h + i] = z[t][i] + m[i];
        }
      }
    }

    boolean visible(int j, int row, int start) {
      return j <= row && j >= start && row - j < config.window();
    }

    void backward(double[] dyAll, double[] du, Map<String, double[]> g) {
      int rows = cached + length;
      double[][] dq = new double[length][h];
      double[][] dk = new double[rows][h];
      double[][] dv = new double[rows][h];
      double[][] dz = new double[length][h];
      for (int t = 0; t < length; t++) {
        double[] dy = new double[h];
        System.arraycopy(dyAll, base + t * h, dy, 0, h);
        double[] gl = new double[f];
        for (int i = 0; i < f; i++) {
          gl[i] = gelu(f1[t][i]);
        }
        double[] dg = matVecBack(p("lin2W"), g.get("lin2W"), g.get("lin2B"), gl, dy);
        double[] df = new double[f];
        for (int i = 0; i < f; i++) {
          df[i] = dg[i] * geluDerivative(f1[t][i]);
        }
        double[] dc = matVecBack(p("lin1W"), g.get("lin1W"), g.get("lin1B"), c[t], df);
        double[] dzn = normBack(dc, xh2[t], rs2[t], p("norm2W"), g.get("norm2W"), g.get("norm2B"));
        for (int i = 0; i < h; i++) {
          dz[t][i] = dy[i] + dzn[i];
        }
        double[] dO = matVecBack(p("outProjW"), g.get("outProjW"), g.get("outProjB"), o[t], dz[t]);
        for (int hd = 0; hd < nh; hd++) {
          double[] dp = new double[rows];
          double sdp = 0;
          for (int j = 0; j < rows; j++) {
            for (int i = hd * d; i < (hd + 1) * d; i++) {
              dp[j] += dO[i] * v[j][i];
              dv[j][i] += prob[t][hd][j] * dO[i];
            }
            sdp += prob[t][hd][j] * dp[j];
          }
          for (int j = 0; j < rows; j++) {
            double ds = prob[t][hd][j] * (dp[j] - sdp) / Math.sqrt(d);
            for (int i = hd * d; i < (hd + 1) * d; i++) {
              dq[t][i] += ds * k[j][i];
              dk[j][i] += ds * q[t][i];
            }
          }
        }
      }
      for (int t = 0; t < length; t++) {
        int row = cached + t;
        double[] dqkv = new double[3 * h];
        System.arraycopy(dq[t], 0, dqkv, 0, h);
        System.arraycopy(dk[row], 0, dqkv, h, h);
        System.arraycopy(dv[row], 0, dqkv, 2 * h, h);
        double[] da = matVecBack(p("inProjW"), g.get("inProjW"), g.get("inProjB"), a[t], dqkv);
        double[] dx = normBack(da, xh1[t], rs1[t], p("norm1W"), g.get("norm1W"), g.get("norm1B"));
        for (int i = 0; i < h; i++) {
          du[base + t * h + i] = dz[t][i] + dx[i];
        }
      }
    }
  }

  private static double norm(double[] x, double[] w, double[] b, double[] xh, double[] out) {
    int n = x.length;
    double mean = 0;
    for (double e : x) {
      mean += e;
    }
    mean /= n;
    double var = 0;
    for (double e : x) {
      var += (e - mean) * (e - mean);
    }
    double rstd = 1 / Math.sqrt(var / n + TransformerConfig.LAYER_NORM_EPS);
    for (int i = 0; i < n; i++) {
      xh[i] = (x[i] - mean) * rstd;
      out[i] = w[i] * xh[i] + b[i];
    }
    return rstd;
  }

  private static double[] normBack(
      double[] dOut, double[] xh, double rstd, double[] w, double[] gw, double[] gb) {
    int n = dOut.length;
    double mg = 0;
    double mgx = 0;
    for (int i = 0; i < n; i++) {
      gw[i] += dOut[i] * xh[i];
      gb[i] += dOut[i];
      mg += dOut[i] * w[i] / n;
      mgx += dOut[i] * w[i] * xh[i] / n;
    }
    double[] dx = new double[n];
    for (int i = 0; i < n; i++) {
      dx[i] = rstd * (dOut[i] * w[i] - mg - xh[i] * mgx);
    }
    return dx;
  }

  private static double[] matVec(double[] w, double[] b, double[] x, int out) {
    double[] y = new double[out];
    for (int r = 0; r < out; r++) {
      double s = b[r];
      for (int i = 0; i < x.length; i++) {
        s += w[r * x.length + i] * x[i];
      }
      y[r] = s;
    }
    return y;
  }

  /** Adds dW += dy⊗x, db += dy; returns Wᵀdy. */
  private static double[] matVecBack(
      double[] w, double[] gw, double[] gb, double[] x, double[] dy) {
    double[] dx = new double[x.length];
    for (int r = 0; r < dy.length; r++) {
      gb[r] += dy[r];
      for (int i = 0; i < x.length; i++) {
        gw[r * x.length + i] += dy[r] * x[i];
        dx[i] += w[r * x.length + i] * dy[r];
      }
    }
    return dx;
  }

  private static double gelu(double x) {
    return 0.5 * x * (1 + dev.hiss.model.hiss.internal.Gelu.erf(x / Math.sqrt(2)));
  }

  private static double geluDerivative(double x) {
    return 0.5 * (1 + dev.hiss.model.hiss.internal.Gelu.erf(x / Math.sqrt(2)))
        + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  }
}
