package dev.hiss.model.hiss;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A real-recording seq2seq task: raw 360 Hz ECG (MIT-BIH record 208, lead MLII, 5 min; see
 * ATTRIBUTION.md next to the resource) in, heart rate in beats per minute out at 36 Hz (chunk k =
 * 10; target j sits at input index 10·j, on the common time origin of HISS-MATH §1.1).
 *
 * <p><b>The target is derived from the same ECG, not measured independently.</b> R peaks come from
 * a simple Pan–Tompkins-style detector ({@link #detectRPeaks}); the heart rate at sample n is 60 /
 * RR of the last two R peaks at or before n, held until the next beat, and masked until the
 * recording has two peaks. The model therefore has to learn the detector and the RR timing.
 */
final class EcgHeartRateTask {

  /** Sampling rate of the recording (Hz). */
  static final double FS = 360;

  /** Chunk size: 360 Hz in, 36 Hz out. */
  static final int K = 10;

  private EcgHeartRateTask() {}

  /** Loads the 108,000 samples (mV) of the bundled recording. */
  static float[] loadEcg() {
    try (InputStream in = EcgHeartRateTask.class.getResourceAsStream("ecg_mitbih208_360hz.csv.gz");
        BufferedReader r =
            new BufferedReader(
                new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
      List<Float> values = new ArrayList<>();
      String line = r.readLine(); // header t_s,ecg_mV
      while ((line = r.readLine()) != null) {
        values.add(Float.parseFloat(line.substring(line.indexOf(',') + 1)));
      }
      float[] x = new float[values.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = values.get(i);
      }
      return x;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * R-peak detection (offline, zero-phase): band-pass as the difference of centred moving averages
   * over 5 and 45 samples (≈ 8–70 Hz), central derivative, squared, integrated over a centred 150
   * ms window, square root (RMS, so the threshold scales with amplitude, not its square); threshold
   * 0.3 × the largest RMS within ±1.5 s (adapts to amplitude changes); a detection opens where the
   * energy crosses the threshold at least 300 ms (refractory period, i.e. at most 200 beats/min)
   * after the previous peak, and the R peak is the sample of largest |band-passed| value in the 100
   * ms before and 150 ms after the crossing.
   *
   * @param ecg the signal (mV)
   * @param fs sampling rate (Hz)
   * @return R-peak sample indices, increasing
   */
  static int[] detectRPeaks(float[] ecg, double fs) {
    int n = ecg.length;
    double[] lo = movingAverage(toDouble(ecg), 5);
    double[] base = movingAverage(toDouble(ecg), 45);
    double[] bp = new double[n];
    for (int i = 0; i < n; i++) {
      bp[i] = lo[i] - base[i];
    }
    double[] energy = new double[n];
    for (int i = 1; i < n - 1; i++) {
      double d = bp[i + 1] - bp[i - 1];
      energy[i] = d * d;
    }
    double[] mwi = movingAverage(energy, (int) Math.round(0.15 * fs));
    for (int i = 0; i < n; i++) {
      mwi[i] = Math.sqrt(mwi[i]);
    }
    double[] threshold = localMax(mwi, (int) Math.round(WINDOW_S * fs));
    for (int i = 0; i < n; i++) {
      threshold[i] *= FRACTION;
    }
    int refractory = (int) Math.round(REFRACTORY_S * fs);
    int before = (int) Math.round(0.10 * fs);
    int after = (int) Math.round(0.15 * fs);
    List<Integer> peaks = new ArrayList<>();
    int last = -refractory - 1;
    for (int i = 0; i < n; i++) {
      if (mwi[i] <= threshold[i] || i - last < refractory) {
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
   * The derived heart rate at every sample: 60·fs / (p − q) for the last two peaks q &lt; p ≤ n,
   * NaN before the second peak.
   *
   * @param peaks R-peak indices
   * @param n number of samples
   * @param fs sampling rate
   * @return beats per minute per sample
   */
  static float[] heartRate(int[] peaks, int n, double fs) {
    float[] hr = new float[n];
    Arrays.fill(hr, Float.NaN);
    for (int p = 1; p < peaks.length; p++) {
      float bpm = (float) (60 * fs / (peaks[p] - peaks[p - 1]));
      int end = p + 1 < peaks.length ? peaks[p + 1] : n;
      Arrays.fill(hr, peaks[p], end, bpm);
    }
    return hr;
  }

  /**
   * Consecutive, non-overlapping episodes of the recording in time order.
   *
   * @param ecg the signal
   * @param hr the per-sample heart rate
   * @param firstEpisode index of the first episode
   * @param count number of episodes
   * @param length L_in, a multiple of {@link #K}
   * @return raw episodes: inputs [count, L, 1] (mV), targets [count, L/K, 1] (bpm) with NaN steps
   *     masked
   */
  static Seq2SeqData episodes(float[] ecg, float[] hr, int firstEpisode, int count, int length) {
    int lOut = length / K;
    float[] x = new float[count * length];
    float[] y = new float[count * lOut];
    boolean[] mask = new boolean[count * lOut];
    for (int e = 0; e < count; e++) {
      int start = (firstEpisode + e) * length;
      System.arraycopy(ecg, start, x, e * length, length);
      for (int j = 0; j < lOut; j++) {
        float v = hr[start + j * K];
        mask[e * lOut + j] = !Float.isNaN(v);
        y[e * lOut + j] = Float.isNaN(v) ? 0f : v;
      }
    }
    return new Seq2SeqData(x, y, mask, count, length, 1, lOut, 1);
  }

  private static final double WINDOW_S = 1.5;
  private static final double FRACTION = 0.3;
  private static final double REFRACTORY_S = 0.3;

  /** Maximum over the centred window i − w … i + w. */
  static double[] localMax(double[] x, int w) {
    int n = x.length;
    double[] out = new double[n];
    java.util.ArrayDeque<Integer> dq = new java.util.ArrayDeque<>();
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

  private static double[] toDouble(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    return d;
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
