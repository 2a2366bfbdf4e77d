package dev.hiss.model.ssm;

import dev.hiss.model.ssm.internal.Complex;
import dev.hiss.model.ssm.internal.ModeMath;
import dev.hiss.model.ssm.internal.Vandermonde;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The algorithm of {@link S4DConvolution} in double precision on {@link S4DReference}'s parameters,
 * for the finite-difference check of the FFT backward: the same Vandermonde kernel and
 * vector-Jacobian product ({@link Vandermonde}), the same zero-padded real FFTs (JTransforms'
 * packed layout), the same correlations for dL/dK and dL/du, and the same discretization VJP
 * ({@link ModeMath#vjp}). Shapes: u, dy [batch, length, H].
 */
final class S4DFftTwin {

  private S4DFftTwin() {}

  /** y = K ∗ u + D·u from the zero state. */
  static double[] forward(S4DReference ref, double[] u, int batch, int length) {
    int hCount = ref.config.channels();
    int f = S4DConvolution.fftSize(length);
    DoubleFFT_1D fft = new DoubleFFT_1D(f);
    double[] y = new double[u.length];
    for (int h = 0; h < hCount; h++) {
      double[] kf = spectrum(fft, kernel(ref, h, length), length, f);
      double d = ref.params.get("d")[h];
      for (int b = 0; b < batch; b++) {
        double[] buf = spectrum(fft, series(u, b, h, batch, length, hCount), length, f);
        multiply(buf, kf, false);
        fft.realInverse(buf, true);
        for (int t = 0; t < length; t++) {
          int i = (b * length + t) * hCount + h;
          y[i] = buf[t] + d * u[i];
        }
      }
    }
    return y;
  }

  /** Gradients of L = Σ dy·y for every parameter and the input (no initial state). */
  static S4DReference.Gradients backward(
      S4DReference ref, double[] u, double[] dy, int batch, int length) {
    S4DConfig c = ref.config;
    int hCount = c.channels();
    int nCount = c.stateSize();
    int f = S4DConvolution.fftSize(length);
    DoubleFFT_1D fft = new DoubleFFT_1D(f);
    Map<String, double[]> g = new LinkedHashMap<>();
    ref.params.forEach((k, v) -> g.put(k, new double[v.length]));
    double[] du = new double[u.length];
    for (int h = 0; h < hCount; h++) {
      double[] kf = spectrum(fft, kernel(ref, h, length), length, f);
      double d = ref.params.get("d")[h];
      double[] acc = new double[f];
      for (int b = 0; b < batch; b++) {
        double[] us = series(u, b, h, batch, length, hCount);
        double[] gs = series(dy, b, h, batch, length, hCount);
        double[] uf = spectrum(fft, us, length, f);
        double[] gf = spectrum(fft, gs, length, f);
        for (int t = 0; t < length; t++) {
          g.get("d")[h] += gs[t] * us[t];
        }
        double[] corr = gf.clone();
        multiply(corr, uf, true);
        for (int j = 0; j < f; j++) {
          acc[j] += corr[j];
        }
        multiply(gf, kf, true);
        fft.realInverse(gf, true);
        for (int t = 0; t < length; t++) {
          du[(b * length + t) * hCount + h] = gf[t] + d * gs[t];
        }
      }
      fft.realInverse(acc, true);
      chain(ref, h, length, acc, g);
    }
    return new S4DReference.Gradients(g, du, null, null);
  }

  private static double[][] factors(S4DReference ref, int h) {
    int nCount = ref.config.stateSize();
    double[][] zw = new double[4][nCount];
    for (int n = 0; n < nCount; n++) {
      Complex[] ab = ref.discrete(h, n);
      Complex w = ref.c(h, n).times(ab[1]);
      zw[0][n] = ab[0].re();
      zw[1][n] = ab[0].im();
      zw[2][n] = w.re();
      zw[3][n] = w.im();
    }
    return zw;
  }

  private static double[] kernel(S4DReference ref, int h, int length) {
    double[][] zw = factors(ref, h);
    double[] k = new double[length];
    Vandermonde.kernel(zw[0], zw[1], zw[2], zw[3], length, k);
    return k;
  }

  private static void chain(
      S4DReference ref, int h, int length, double[] dk, Map<String, double[]> g) {
    int nCount = ref.config.stateSize();
    double[][] zw = factors(ref, h);
    double[] gzr = new double[nCount];
    double[] gzi = new double[nCount];
    double[] gwr = new double[nCount];
    double[] gwi = new double[nCount];
    Vandermonde.vjp(zw[0], zw[1], zw[2], zw[3], dk, length, gzr, gzi, gwr, gwi);
    double dt = ref.dt(h);
    double[] out = new double[5];
    for (int n = 0; n < nCount; n++) {
      int i = h * nCount + n;
      Complex gw = new Complex(gwr[n], gwi[n]);
      Complex db = ref.discrete(h, n)[1];
      Complex gc = db.conj().times(gw);
      Complex gdb = ref.c(h, n).conj().times(gw);
      ModeMath.vjp(
          ref.config.discretization(),
          dt,
          ref.a(h, n),
          ref.b(h, n),
          new Complex(gzr[n], gzi[n]),
          gdb,
          out);
      g.get("logDt")[h] += out[0] * dt;
      g.get("aReal")[i] += -Math.exp(ref.params.get("aReal")[i]) * out[1];
      g.get("aImag")[i] += out[2];
      g.get("bRe")[i] += out[3];
      g.get("bIm")[i] += out[4];
      g.get("cRe")[i] += gc.re();
      g.get("cIm")[i] += gc.im();
    }
  }

  private static double[] series(double[] x, int b, int h, int batch, int length, int hCount) {
    double[] s = new double[length];
    for (int t = 0; t < length; t++) {
      s[t] = x[(b * length + t) * hCount + h];
    }
    return s;
  }

  private static double[] spectrum(DoubleFFT_1D fft, double[] x, int length, int f) {
    double[] buf = new double[f];
    System.arraycopy(x, 0, buf, 0, length);
    fft.realForward(buf);
    return buf;
  }

  /** a ← a·b or a·conj(b) in JTransforms' packed real-spectrum layout. */
  private static void multiply(double[] a, double[] b, boolean conjugateB) {
    a[0] *= b[0];
    a[1] *= b[1];
    double sign = conjugateB ? -1 : 1;
    for (int j = 2; j < a.length; j += 2) {
      double ar = a[j];
      double ai = a[j + 1];
      double br = b[j];
      double bi = sign * b[j + 1];
      a[j] = ar * br - ai * bi;
      a[j + 1] = ar * bi + ai * br;
    }
  }
}
