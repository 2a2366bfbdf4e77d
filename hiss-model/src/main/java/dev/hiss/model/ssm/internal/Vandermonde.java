package dev.hiss.model.ssm.internal;

/**
 * The Vandermonde kernel of one diagonal SSM channel and its vector-Jacobian product, in double
 * precision: K_l = 2·Re(Σ_n W_n·z_n^l), l = 0 … L−1, with W_n = C_n·dB_n and z_n = dA_n.
 *
 * <p>Shared by the float32 FFT convolution of {@code S4DLayer} and its double-precision test twin.
 * Both loops run time outermost and modes innermost, so the N independent power chains of one step
 * are updated together (instruction-level parallelism instead of one latency-bound chain per mode).
 *
 * <p>Gradient convention of {@link Complex}: grad q = dL/dRe q + i·dL/dIm q. With P(w) = Σ_l
 * dk_l·w^l evaluated at w = conj(z_n): grad W_n = 2·P(w) and grad z_n = 2·conj(W_n)·P'(w).
 */
public final class Vandermonde {

  private Vandermonde() {}

  /**
   * The kernel K [length] of one channel.
   *
   * @param zr Re z [N]
   * @param zi Im z [N]
   * @param wr Re W [N]
   * @param wi Im W [N]
   * @param length L ≥ 1
   * @param k receives K [≥ length], overwritten in [0, length)
   */
  public static void kernel(
      double[] zr, double[] zi, double[] wr, double[] wi, int length, double[] k) {
    int nCount = zr.length;
    double[] pr = wr.clone(); // p_n = W_n·z_n^l
    double[] pi = wi.clone();
    for (int l = 0; l < length; l++) {
      double s0 = 0;
      double s1 = 0;
      int n = 0;
      for (; n + 1 < nCount; n += 2) {
        s0 += pr[n];
        s1 += pr[n + 1];
      }
      if (n < nCount) {
        s0 += pr[n];
      }
      k[l] = 2 * (s0 + s1);
      for (int m = 0; m < nCount; m++) {
        double a = pr[m];
        double b = pi[m];
        pr[m] = a * zr[m] - b * zi[m];
        pi[m] = a * zi[m] + b * zr[m];
      }
    }
  }

  /**
   * Chain rule from dL/dK to the kernel's factors.
   *
   * @param zr Re z [N]
   * @param zi Im z [N]
   * @param wr Re W [N]
   * @param wi Im W [N]
   * @param dk dL/dK [≥ length]
   * @param length L ≥ 1
   * @param gzr receives Re grad z [N]
   * @param gzi receives Im grad z [N]
   * @param gwr receives Re grad W [N]
   * @param gwi receives Im grad W [N]
   */
  public static void vjp(
      double[] zr,
      double[] zi,
      double[] wr,
      double[] wi,
      double[] dk,
      int length,
      double[] gzr,
      double[] gzi,
      double[] gwr,
      double[] gwi) {
    int nCount = zr.length;
    // Horner at w = conj(z): p ← p·w + dk_l gives P(w), q ← q·w + p gives P'(w)
    double[] pr = new double[nCount];
    double[] pi = new double[nCount];
    double[] qr = new double[nCount];
    double[] qi = new double[nCount];
    java.util.Arrays.fill(pr, dk[length - 1]);
    for (int l = length - 2; l >= 0; l--) {
      double d = dk[l];
      for (int n = 0; n < nCount; n++) {
        double xr = zr[n];
        double xi = -zi[n];
        double a = pr[n];
        double b = pi[n];
        double c = qr[n];
        double e = qi[n];
        qr[n] = c * xr - e * xi + a;
        qi[n] = c * xi + e * xr + b;
        pr[n] = a * xr - b * xi + d;
        pi[n] = a * xi + b * xr;
      }
    }
    for (int n = 0; n < nCount; n++) {
      gwr[n] = 2 * pr[n];
      gwi[n] = 2 * pi[n];
      // grad z = 2·conj(W)·P'(w)
      gzr[n] = 2 * (wr[n] * qr[n] + wi[n] * qi[n]);
      gzi[n] = 2 * (wr[n] * qi[n] - wi[n] * qr[n]);
    }
  }
}
