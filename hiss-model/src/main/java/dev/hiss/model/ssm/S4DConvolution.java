package dev.hiss.model.ssm;

import dev.hiss.model.ssm.internal.Discretized;
import dev.hiss.model.ssm.internal.Layout;
import dev.hiss.model.ssm.internal.ModeRecurrence;
import dev.hiss.model.ssm.internal.Vandermonde;
import java.util.stream.IntStream;
import org.jtransforms.fft.DoubleFFT_1D;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * The FFT convolution form of an S4D layer (LTI, zero initial state, no reset mask): the path
 * {@link S4DLayer#forward(float[], int, int, float[], S4DState, boolean[], S4DState)} and its
 * backward take when {@link S4DPathPolicy} chooses it, and {@link S4DLayer#forwardFft} / {@link
 * S4DLayer#backwardFft} always.
 *
 * <p>Per channel: the Vandermonde kernel K_l = 2·Re(Σ_n W_n·z_n^l), W_n = C_n·dB_n, z_n = dA_n, l =
 * 0 … L−1 ({@code internal.Vandermonde}), is built in double from the same float32 dA, dB the scan
 * uses (ZOH or bilinear alike: only dA, dB differ); y = K ∗ u + D·u is a causal linear convolution
 * through real FFTs of size F = 2^⌈log2 2L⌉ (float32, JTransforms).
 *
 * <p>Backward: dK_l = Σ_b Σ_t dy_t·u_{t−l} (cross-correlation, spectra summed over the batch in
 * double, one double inverse FFT per channel); du_s = Σ_t dy_t·K_{t−s} + D·dy_s. The Vandermonde
 * VJP gives grad W and grad z, then grad C = conj(dB)·grad W and grad dB = conj(C)·grad W (gradient
 * convention of {@code internal.Complex}); the discretization VJP to (logDt, A, B) is the scan's
 * ({@link S4DScan#chainToParameters}).
 *
 * <p>States: a convolution yields no state, so a requested final state x_{L−1} = Σ_l
 * dA^{L−1−l}·dB·u_l and a requested dL/d(initial state) are computed by the recurrences of {@code
 * internal.ModeRecurrence} (no outputs, no reductions; bit-identical to the scan's), about a tenth
 * of the scan's fwd + bwd cost. Streaming callers can therefore continue from an FFT forward.
 */
final class S4DConvolution {

  private static final long PARALLEL_THRESHOLD = 1L << 14;

  private S4DConvolution() {}

  /** FFT size: the smallest power of two ≥ 2·length. */
  static int fftSize(int length) {
    int f = 1;
    while (f < 2 * length) {
      f <<= 1;
    }
    return f;
  }

  /** The kernel K [length] of channel h in double (also used by the tests). */
  static double[] kernel(Discretized s, int h, int nCount, int length) {
    double[][] zw = factors(s, h, nCount);
    double[] k = new double[length];
    Vandermonde.kernel(zw[0], zw[1], zw[2], zw[3], length, k);
    return k;
  }

  /** {Re z, Im z, Re W, Im W} [N] of channel h: z = dA, W = C·dB, in double. */
  private static double[][] factors(Discretized s, int h, int nCount) {
    double[][] zw = new double[4][nCount];
    for (int n = 0; n < nCount; n++) {
      int i = h * nCount + n;
      zw[0][n] = s.aRe[i];
      zw[1][n] = s.aIm[i];
      zw[2][n] = (double) s.cRe[i] * s.bRe[i] - (double) s.cIm[i] * s.bIm[i];
      zw[3][n] = (double) s.cRe[i] * s.bIm[i] + (double) s.cIm[i] * s.bRe[i];
    }
    return zw;
  }

  /** y = K ∗ u + D·u; the final state [batch, H, N] from the zero state when finalState ≠ null. */
  static void forward(
      Discretized s,
      int hCount,
      int nCount,
      float[] u,
      int batch,
      int length,
      float[] y,
      S4DState finalState) {
    int f = fftSize(length);
    float[] ut = Layout.toChannelMajor(u, batch, length, hCount);
    float[] yt = new float[ut.length];
    channels(hCount, batch, length)
        .forEach(
            h -> {
              FloatFFT_1D fft = new FloatFFT_1D(f);
              float[] kf = kernelSpectrum(s, h, nCount, length, f, fft);
              float[] buf = new float[f];
              float dh = s.d[h];
              for (int b = 0; b < batch; b++) {
                int base = (b * hCount + h) * length;
                load(ut, base, length, buf);
                fft.realForward(buf);
                multiply(buf, kf, false);
                fft.realInverse(buf, true);
                for (int t = 0; t < length; t++) {
                  yt[base + t] = buf[t] + dh * ut[base + t];
                }
                if (finalState != null) {
                  ModeRecurrence.finalState(
                      s,
                      h,
                      nCount,
                      ut,
                      base,
                      length,
                      finalState.re,
                      finalState.im,
                      base / length * nCount);
                }
              }
            });
    Layout.fromChannelMajor(yt, batch, length, hCount, y);
  }

  static void backward(
      S4DParams params,
      Discretized s,
      float[] u,
      float[] dy,
      int batch,
      int length,
      float[] du,
      S4DParams grads,
      S4DState dInitial) {
    int hCount = params.config.channels();
    int nCount = params.config.stateSize();
    int f = fftSize(length);
    float[] ut = Layout.toChannelMajor(u, batch, length, hCount);
    float[] gt = Layout.toChannelMajor(dy, batch, length, hCount);
    float[] dut = du == null ? null : new float[ut.length];
    channels(hCount, batch, length)
        .forEach(
            h -> {
              FloatFFT_1D fft = new FloatFFT_1D(f);
              float[] kf = dut == null ? null : kernelSpectrum(s, h, nCount, length, f, fft);
              float[] ub = new float[f];
              float[] gb = new float[f];
              double[] acc = new double[f]; // Σ_b G_b·conj(U_b), packed like realForward
              double gd = 0;
              float dh = s.d[h];
              for (int b = 0; b < batch; b++) {
                int base = (b * hCount + h) * length;
                for (int t = 0; t < length; t++) {
                  gd += (double) gt[base + t] * ut[base + t];
                }
                load(ut, base, length, ub);
                load(gt, base, length, gb);
                fft.realForward(ub);
                fft.realForward(gb);
                accumulateCorrelation(gb, ub, acc);
                if (dut != null) {
                  multiply(gb, kf, true);
                  fft.realInverse(gb, true);
                  for (int t = 0; t < length; t++) {
                    dut[base + t] = gb[t] + dh * gt[base + t];
                  }
                }
                if (dInitial != null) {
                  ModeRecurrence.initialGradient(
                      s,
                      h,
                      nCount,
                      gt,
                      base,
                      length,
                      dInitial.re,
                      dInitial.im,
                      base / length * nCount);
                }
              }
              new DoubleFFT_1D(f).realInverse(acc, true);
              chainKernel(params, s, h, nCount, length, acc, gd, grads);
            });
    if (du != null) {
      Layout.fromChannelMajor(dut, batch, length, hCount, du);
    }
  }

  /** dK (first {@code length} entries of dk) → gradients of dA, dB, C, then the scan's VJP. */
  private static void chainKernel(
      S4DParams params,
      Discretized s,
      int h,
      int nCount,
      int length,
      double[] dk,
      double gd,
      S4DParams grads) {
    double[][] zw = factors(s, h, nCount);
    double[] gar = new double[nCount];
    double[] gai = new double[nCount];
    double[] gwr = new double[nCount];
    double[] gwi = new double[nCount];
    Vandermonde.vjp(zw[0], zw[1], zw[2], zw[3], dk, length, gar, gai, gwr, gwi);
    double[] gbr = new double[nCount];
    double[] gbi = new double[nCount];
    double[] gcr = new double[nCount];
    double[] gci = new double[nCount];
    for (int n = 0; n < nCount; n++) {
      int i = h * nCount + n;
      double cr = s.cRe[i];
      double ci = s.cIm[i];
      double br = s.bRe[i];
      double bi = s.bIm[i];
      // W = C·dB: grad C = conj(dB)·grad W, grad dB = conj(C)·grad W
      gcr[n] = br * gwr[n] + bi * gwi[n];
      gci[n] = br * gwi[n] - bi * gwr[n];
      gbr[n] = cr * gwr[n] + ci * gwi[n];
      gbi[n] = cr * gwi[n] - ci * gwr[n];
    }
    // channels write disjoint gradient entries, as in the scan's backward
    S4DScan.chainToParameters(params, h, gar, gai, gbr, gbi, gcr, gci, gd, grads);
  }

  private static float[] kernelSpectrum(
      Discretized s, int h, int nCount, int length, int f, FloatFFT_1D fft) {
    double[] k = kernel(s, h, nCount, length);
    float[] kf = new float[f];
    for (int l = 0; l < length; l++) {
      kf[l] = (float) k[l];
    }
    fft.realForward(kf);
    return kf;
  }

  private static void load(float[] src, int base, int length, float[] buf) {
    System.arraycopy(src, base, buf, 0, length);
    java.util.Arrays.fill(buf, length, buf.length, 0f);
  }

  /** a ← a·b (or a·conj(b)) for spectra in JTransforms' realForward packing. */
  private static void multiply(float[] a, float[] b, boolean conjugateB) {
    a[0] *= b[0];
    a[1] *= b[1];
    float sign = conjugateB ? -1f : 1f;
    for (int j = 2; j < a.length; j += 2) {
      float ar = a[j];
      float ai = a[j + 1];
      float br = b[j];
      float bi = sign * b[j + 1];
      a[j] = ar * br - ai * bi;
      a[j + 1] = ar * bi + ai * br;
    }
  }

  /** acc += g·conj(u) for packed spectra. */
  private static void accumulateCorrelation(float[] g, float[] u, double[] acc) {
    acc[0] += (double) g[0] * u[0];
    acc[1] += (double) g[1] * u[1];
    for (int j = 2; j < g.length; j += 2) {
      double gr = g[j];
      double gi = g[j + 1];
      double ur = u[j];
      double ui = u[j + 1];
      acc[j] += gr * ur + gi * ui;
      acc[j + 1] += gi * ur - gr * ui;
    }
  }

  private static IntStream channels(int hCount, int batch, int length) {
    IntStream s = IntStream.range(0, hCount);
    return (long) batch * length * hCount >= PARALLEL_THRESHOLD ? s.parallel() : s;
  }
}
