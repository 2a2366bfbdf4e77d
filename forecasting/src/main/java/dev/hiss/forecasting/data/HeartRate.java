package dev.hiss.forecasting.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Heart rate derived from a raw ECG: R-peak detection, then the instantaneous rate of the last RR
 * interval held at every sample. Used to build the ECG → heart-rate seq2seq task from a recording
 * that has no independent heart-rate channel (the target is then derived from the same ECG, so a
 * model has to learn the detector and the RR timing).
 */
public final class HeartRate {
  /** Window (s) of the local maximum that scales the detection threshold. */
  static final double WINDOW_S = 1.5;

  /** Detection threshold as a fraction of the local maximum of the RMS energy. */
  static final double FRACTION = 0.3;

  /** Refractory period (s): at most 200 beats per minute. */
  static final double REFRACTORY_S = 0.3;

  private HeartRate() {}

  /**
   * R-peak detection (offline, zero-phase, Pan–Tompkins style): band-pass as the difference of
   * centred moving averages over 5 and 45 samples (≈ 8–70 Hz at 360 Hz), central derivative,
   * squared, integrated over a centred 150 ms window, square root (RMS, so the threshold scales
   * with amplitude, not its square); threshold 0.3 × the largest RMS within ±1.5 s (adapts to
   * amplitude changes); a detection opens where the energy crosses the threshold at least 300 ms
   * (refractory period) after the previous peak, and the R peak is the sample of largest
   * |band-passed| value in the 100 ms before and 150 ms after the crossing. NaN samples count as 0
   * mV.
   *
   * @param ecg the signal {@code [n]} (mV, or any unit)
   * @param fs sampling rate (Hz), &gt; 0
   * @return R-peak sample indices, strictly increasing
   * @throws IllegalArgumentException for a non-positive or non-finite rate
   */
  public static int[] detectRPeaks(float[] ecg, double fs) {
    checkRate(fs);
    int n = ecg.length;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = Float.isNaN(ecg[i]) ? 0 : ecg[i];
    }
    double[] lo = movingAverage(x, 5);
    double[] base = movingAverage(x, 45);
    double[] bp = new double[n];
    for (int i = 0; i < n; i++) {
      bp[i] = lo[i] - base[i];
    }
    double[] energy = new double[n];
    for (int i = 1; i < n - 1; i++) {
      double d = bp[i + 1] - bp[i - 1];
      energy[i] = d * d;
    }
    double[] mwi = movingAverage(energy, Math.max(1, (int) Math.round(0.15 * fs)));
    for (int i = 0; i < n; i++) {
      mwi[i] = Math.sqrt(mwi[i]);
    }
    double[] threshold = localMax(mwi, (int) Math.round(WINDOW_S * fs));
    int refractory = Math.max(1, (int) Math.round(REFRACTORY_S * fs));
    int before = (int) Math.round(0.10 * fs);
    int after = Math.max(1, (int) Math.round(0.15 * fs));
    List<Integer> peaks = new ArrayList<>();
    int last = -refractory - 1;
    for (int i = 0; i < n; i++) {
      if (mwi[i] <= FRACTION * threshold[i] || i - last < refractory) {
        continue;
      }
      int best = -1;
      for (int j = Math.max(Math.max(0, i - before), last + refractory);
          j < Math.min(n, i + after);
          j++) {
        if (best < 0 || Math.abs(bp[j]) > Math.abs(bp[best])) {
          best = j;
        }
      }
      peaks.add(best);
      last = best;
      i = Math.max(i, best + refractory - 1);
    }
    return peaks.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The heart rate at every sample: {@code 60·fs / (p − q)} for the last two peaks {@code q < p ≤
   * i}, held until the next peak; NaN before the second peak.
   *
   * @param peaks R-peak indices, strictly increasing, in {@code [0, n)}
   * @param n number of samples
   * @param fs sampling rate (Hz)
   * @return beats per minute per sample, {@code [n]}
   * @throws IllegalArgumentException for peaks that are not increasing or out of range
   */
  public static float[] perSample(int[] peaks, int n, double fs) {
    checkRate(fs);
    for (int p = 0; p < peaks.length; p++) {
      if (peaks[p] < 0 || peaks[p] >= n || (p > 0 && peaks[p] <= peaks[p - 1])) {
        throw new IllegalArgumentException(
            "Invalid peaks[" + p + "] = " + peaks[p] + "; must increase within [0, " + n + ")");
      }
    }
    float[] hr = new float[n];
    Arrays.fill(hr, Float.NaN);
    for (int p = 1; p < peaks.length; p++) {
      float bpm = (float) (60 * fs / (peaks[p] - peaks[p - 1]));
      int end = p + 1 < peaks.length ? peaks[p + 1] : n;
      Arrays.fill(hr, peaks[p], end, bpm);
    }
    return hr;
  }

  /** {@link #perSample} of {@link #detectRPeaks}: the derived heart rate of an ECG, {@code [n]}. */
  public static float[] fromEcg(float[] ecg, double fs) {
    return perSample(detectRPeaks(ecg, fs), ecg.length, fs);
  }

  private static void checkRate(double fs) {
    if (!(fs > 0) || !Double.isFinite(fs)) {
      throw new IllegalArgumentException("Invalid fs = " + fs + "; must be > 0");
    }
  }

  /** Maximum over the centred window {@code i − w … i + w}. */
  static double[] localMax(double[] x, int w) {
    int n = x.length;
    double[] out = new double[n];
    ArrayDeque<Integer> dq = new ArrayDeque<>();
    int next = 0;
    for (int i = 0; i < n; i++) {
      while (next < n && next <= i + w) {
        while (!dq.isEmpty() && x[dq.peekLast()] <= x[next]) {
          dq.pollLast();
        }
        dq.addLast(next++);
      }
      while (dq.peekFirst() < i - w) {
        dq.pollFirst();
      }
      out[i] = x[dq.peekFirst()];
    }
    return out;
  }

  /** Centred moving average over {@code w} samples (shrinking at the edges). */
  static double[] movingAverage(double[] x, int w) {
    int n = x.length;
    double[] prefix = new double[n + 1];
    for (int i = 0; i < n; i++) {
      prefix[i + 1] = prefix[i] + x[i];
    }
    double[] out = new double[n];
    int left = (w - 1) / 2;
    for (int i = 0; i < n; i++) {
      int a = Math.max(0, i - left);
      int b = Math.min(n, i - left + w);
      out[i] = (prefix[b] - prefix[a]) / (b - a);
    }
    return out;
  }
}
