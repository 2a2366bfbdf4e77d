package dev.hiss.forecasting.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** ECG-like test signals at 360 Hz whose R-peak samples are known. */
final class SyntheticEcg {
  static final double FS = 360;

  private SyntheticEcg() {}

  /**
   * Baseline wander (0.3 Hz), small P and T waves, a narrow QRS complex (Q dip, R spike of 1.2 mV
   * peaking exactly at each beat sample, S dip) and Gaussian noise of sd {@code noise} mV.
   */
  static float[] ecg(int n, int[] beats, double noise, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      double v = 0.15 * Math.sin(2 * Math.PI * 0.3 * i / FS) + noise * rnd.nextGaussian();
      for (int b : beats) {
        double t = (i - b) / FS; // seconds from the R peak
        if (Math.abs(t) > 0.6) {
          continue;
        }
        v += 0.15 * Math.exp(-sq((t + 0.16) / 0.025)); // P wave
        v -= 0.20 * Math.exp(-sq((t + 0.025) / 0.008)); // Q
        v += 1.20 * Math.exp(-sq(t / 0.010)); // R
        v -= 0.30 * Math.exp(-sq((t - 0.025) / 0.008)); // S
        v += 0.30 * Math.exp(-sq((t - 0.25) / 0.05)); // T wave
      }
      x[i] = (float) v;
    }
    return x;
  }

  private static double sq(double x) {
    return x * x;
  }

  /** Beats with RR intervals drawn between 0.45 s and 1.2 s (50–133 bpm), from sample 200. */
  static int[] beats(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Integer> out = new ArrayList<>();
    for (int b = 200; b < n - 200; b += rnd.nextInt((int) (0.45 * FS), (int) (1.2 * FS))) {
      out.add(b);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Beats every {@code rr} samples from sample 150. */
  static int[] regular(int n, int rr) {
    List<Integer> out = new ArrayList<>();
    for (int t = 150; t < n - 100; t += rr) {
      out.add(t);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }
}
