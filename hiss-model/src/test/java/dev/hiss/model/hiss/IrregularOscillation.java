package dev.hiss.model.hiss;

import java.util.SplittableRandom;

/**
 * Irregularly sampled damped oscillations with a known answer: episode e follows x(τ) = A·e^{−γτ}·
 * cos(ωτ + φ) (A ~ U(0.5, 1.5), φ ~ U(0, 2π), ω = 2π/8, γ = 0.01 per nominal step), observed at
 * times with i.i.d. gaps g ~ U(0.2, 1.8) nominal steps (mean 1). Sample t of the input holds x at
 * its time and, as a last channel, its Δt scale g_t (the gap to the previous sample; the first
 * sample's gap is drawn the same way). The target of chunk j (k samples) is the value one nominal
 * step after the chunk's last sample, x(τ_end + 1): predicting it needs the oscillation's phase,
 * which the sample values alone do not fix when the gaps are unknown.
 */
final class IrregularOscillation {

  static final double OMEGA = 2 * Math.PI / 8;
  static final double GAMMA = 0.01;

  private IrregularOscillation() {}

  /**
   * Episodes with the Δt channel: inputs [n, chunks·k, 2] (value, Δt scale), targets [n, chunks,
   * 1].
   */
  static Seq2SeqData generate(int episodes, int chunks, int k, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int length = chunks * k;
    float[] x = new float[episodes * length * 2];
    float[] y = new float[episodes * chunks];
    for (int e = 0; e < episodes; e++) {
      double a = 0.5 + r.nextDouble();
      double phi = 2 * Math.PI * r.nextDouble();
      double tau = 0;
      for (int t = 0; t < length; t++) {
        double gap = 0.2 + 1.6 * r.nextDouble();
        tau += gap;
        x[(e * length + t) * 2] = (float) value(a, phi, tau);
        x[(e * length + t) * 2 + 1] = (float) gap;
        if (t % k == k - 1) {
          y[e * chunks + t / k] = (float) value(a, phi, tau + 1);
        }
      }
    }
    return new Seq2SeqData(x, y, null, episodes, length, 2, chunks, 1);
  }

  private static double value(double a, double phi, double tau) {
    return a * Math.exp(-GAMMA * tau) * Math.cos(OMEGA * tau + phi);
  }

  /** The same episodes without the Δt channel: inputs [n, L, 1]. */
  static Seq2SeqData withoutDt(Seq2SeqData d) {
    int rows = d.count() * d.inputLength();
    float[] x = new float[rows];
    for (int i = 0; i < rows; i++) {
      x[i] = d.inputs()[2 * i];
    }
    return new Seq2SeqData(
        x, d.targets(), d.mask(), d.count(), d.inputLength(), 1, d.outputLength(), 1);
  }

  /** The MSE of predicting the last observed value (the naive forecast). */
  static double naive(Seq2SeqData d) {
    int k = d.inputLength() / d.outputLength();
    double se = 0;
    for (int e = 0; e < d.count(); e++) {
      for (int j = 0; j < d.outputLength(); j++) {
        int t = (j + 1) * k - 1;
        double last = d.inputs()[(e * d.inputLength() + t) * 2];
        double err = last - d.targets()[e * d.outputLength() + j];
        se += err * err;
      }
    }
    return se / (d.count() * d.outputLength());
  }
}
