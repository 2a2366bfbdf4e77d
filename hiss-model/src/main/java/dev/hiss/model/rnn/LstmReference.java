package dev.hiss.model.rnn;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slow double-precision twin of {@link LstmLayer}, for tests only: plain loops over time that
 * evaluate the equations of {@link LstmConfig} with separate b_ih and b_hh, keep the full history
 * of gates and states, and backpropagate through time step by step. Shapes as in {@link LstmLayer}:
 * u [batch, length, I], y [batch, length, H], states [batch, H], reset [batch, length]. Parameters
 * are double copies with the names and shapes of {@link LstmParams}.
 */
public final class LstmReference {

  /** The configuration. */
  public final LstmConfig config;

  /** Parameters by name (wIh, wHh, bIh, bHh); live arrays. */
  public final Map<String, double[]> params;

  /**
   * Result of {@link #backward}.
   *
   * @param params dL/dθ by parameter name
   * @param du dL/du [batch, length, I]
   * @param dInitialH dL/dh_{−1} [batch, H]
   * @param dInitialC dL/dc_{−1} [batch, H]
   */
  public record Gradients(
      Map<String, double[]> params, double[] du, double[] dInitialH, double[] dInitialC) {}

  private LstmReference(LstmConfig config, Map<String, double[]> params) {
    this.config = config;
    this.params = params;
  }

  /**
   * A double-precision copy of float parameters.
   *
   * @param p parameters
   * @return the reference twin
   */
  public static LstmReference of(LstmParams p) {
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
    return new LstmReference(p.config, m);
  }

  /** The history of one forward pass of one series. */
  private final class Trace {
    final int length;
    final double[][] x;
    final double[][] hPrev;
    final double[][] cPrev;
    final double[][] gi;
    final double[][] gf;
    final double[][] gg;
    final double[][] go;
    final double[][] c;
    final double[][] h;

    Trace(double[] u, int b, int length, double[] h0, double[] c0, boolean[] reset) {
      int in = config.inputSize();
      int hid = config.hiddenSize();
      this.length = length;
      x = new double[length][in];
      hPrev = new double[length][hid];
      cPrev = new double[length][hid];
      gi = new double[length][hid];
      gf = new double[length][hid];
      gg = new double[length][hid];
      go = new double[length][hid];
      c = new double[length][hid];
      h = new double[length][hid];
      double[] wIh = params.get("wIh");
      double[] wHh = params.get("wHh");
      double[] bIh = params.get("bIh");
      double[] bHh = params.get("bHh");
      for (int t = 0; t < length; t++) {
        int k = b * length + t;
        for (int i = 0; i < in; i++) {
          x[t][i] = u[k * in + i];
        }
        boolean zero = reset != null && reset[k];
        for (int j = 0; j < hid; j++) {
          if (zero) {
            hPrev[t][j] = 0;
            cPrev[t][j] = 0;
          } else if (t > 0) {
            hPrev[t][j] = h[t - 1][j];
            cPrev[t][j] = c[t - 1][j];
          } else {
            hPrev[t][j] = h0 == null ? 0 : h0[b * hid + j];
            cPrev[t][j] = c0 == null ? 0 : c0[b * hid + j];
          }
        }
        double[][] gates = {gi[t], gf[t], gg[t], go[t]};
        for (int q = 0; q < 4; q++) {
          for (int j = 0; j < hid; j++) {
            int r = q * hid + j;
            double a = bIh[r] + bHh[r];
            for (int i = 0; i < in; i++) {
              a += wIh[r * in + i] * x[t][i];
            }
            for (int m = 0; m < hid; m++) {
              a += wHh[r * hid + m] * hPrev[t][m];
            }
            gates[q][j] = q == 2 ? Math.tanh(a) : 1 / (1 + Math.exp(-a));
          }
        }
        for (int j = 0; j < hid; j++) {
          c[t][j] = gf[t][j] * cPrev[t][j] + gi[t][j] * gg[t][j];
          h[t][j] = go[t][j] * Math.tanh(c[t][j]);
        }
      }
    }
  }

  /**
   * Forward pass.
   *
   * @param u input [batch, length, I]
   * @param batch batch size
   * @param length sequence length
   * @param h0 initial h [batch, H], or null for zero
   * @param c0 initial c [batch, H], or null for zero
   * @param reset reset mask [batch, length], or null
   * @param finalH receives h after the last step [batch, H], or null
   * @param finalC receives c after the last step [batch, H], or null
   * @return y = h [batch, length, H]
   */
  public double[] forward(
      double[] u,
      int batch,
      int length,
      double[] h0,
      double[] c0,
      boolean[] reset,
      double[] finalH,
      double[] finalC) {
    int hid = config.hiddenSize();
    double[] y = new double[batch * length * hid];
    for (int b = 0; b < batch; b++) {
      Trace tr = new Trace(u, b, length, h0, c0, reset);
      for (int t = 0; t < length; t++) {
        System.arraycopy(tr.h[t], 0, y, (b * length + t) * hid, hid);
      }
      if (finalH != null) {
        System.arraycopy(tr.h[length - 1], 0, finalH, b * hid, hid);
      }
      if (finalC != null) {
        System.arraycopy(tr.c[length - 1], 0, finalC, b * hid, hid);
      }
    }
    return y;
  }

  /**
   * Backpropagation through time of L = Σ dy·y.
   *
   * @param u input [batch, length, I]
   * @param dy dL/dy [batch, length, H]
   * @param batch batch size
   * @param length sequence length
   * @param h0 initial h [batch, H], or null for zero
   * @param c0 initial c [batch, H], or null for zero
   * @param reset reset mask [batch, length], or null
   * @return every gradient
   */
  public Gradients backward(
      double[] u, double[] dy, int batch, int length, double[] h0, double[] c0, boolean[] reset) {
    int in = config.inputSize();
    int hid = config.hiddenSize();
    Map<String, double[]> g = new LinkedHashMap<>();
    params.forEach((k, v) -> g.put(k, new double[v.length]));
    double[] dWih = g.get("wIh");
    double[] dWhh = g.get("wHh");
    double[] dBih = g.get("bIh");
    double[] dBhh = g.get("bHh");
    double[] wIh = params.get("wIh");
    double[] wHh = params.get("wHh");
    double[] du = new double[batch * length * in];
    double[] dH0 = new double[batch * hid];
    double[] dC0 = new double[batch * hid];
    for (int b = 0; b < batch; b++) {
      Trace tr = new Trace(u, b, length, h0, c0, reset);
      double[] dhCarry = new double[hid];
      double[] dcCarry = new double[hid];
      for (int t = length - 1; t >= 0; t--) {
        int k = b * length + t;
        double[] dPre = new double[4 * hid];
        double[] dcPrev = new double[hid];
        for (int j = 0; j < hid; j++) {
          double dh = dy[k * hid + j] + dhCarry[j];
          double tc = Math.tanh(tr.c[t][j]);
          double dc = dcCarry[j] + dh * tr.go[t][j] * (1 - tc * tc);
          double dOut = dh * tc;
          double dIn = dc * tr.gg[t][j];
          double dForget = dc * tr.cPrev[t][j];
          double dCand = dc * tr.gi[t][j];
          dPre[j] = dIn * tr.gi[t][j] * (1 - tr.gi[t][j]);
          dPre[hid + j] = dForget * tr.gf[t][j] * (1 - tr.gf[t][j]);
          dPre[2 * hid + j] = dCand * (1 - tr.gg[t][j] * tr.gg[t][j]);
          dPre[3 * hid + j] = dOut * tr.go[t][j] * (1 - tr.go[t][j]);
          dcPrev[j] = dc * tr.gf[t][j];
        }
        double[] dhPrev = new double[hid];
        for (int r = 0; r < 4 * hid; r++) {
          dBih[r] += dPre[r];
          dBhh[r] += dPre[r];
          for (int i = 0; i < in; i++) {
            dWih[r * in + i] += dPre[r] * tr.x[t][i];
            du[k * in + i] += dPre[r] * wIh[r * in + i];
          }
          for (int m = 0; m < hid; m++) {
            dWhh[r * hid + m] += dPre[r] * tr.hPrev[t][m];
            dhPrev[m] += dPre[r] * wHh[r * hid + m];
          }
        }
        boolean cut = reset != null && reset[k];
        for (int j = 0; j < hid; j++) {
          dhCarry[j] = cut ? 0 : dhPrev[j];
          dcCarry[j] = cut ? 0 : dcPrev[j];
        }
      }
      System.arraycopy(dhCarry, 0, dH0, b * hid, hid);
      System.arraycopy(dcCarry, 0, dC0, b * hid, hid);
    }
    return new Gradients(g, du, dH0, dC0);
  }
}
