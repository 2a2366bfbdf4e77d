package dev.hiss.forecasting.ecg;

import dev.hiss.forecasting.data.HeartRate;
import dev.hiss.model.hiss.Seq2SeqData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A real-recording seq2seq task: raw 360 Hz ECG (MIT-BIH record 208, lead MLII, 5 min; see
 * ATTRIBUTION.md next to the resource) in, heart rate in beats per minute out at 36 Hz (chunk k =
 * 10; target j sits at input index 10·j, on the common time origin of HISS-MATH §1.1).
 *
 * <p><b>The target is derived from the same ECG, not measured independently.</b> R peaks come from
 * the Pan–Tompkins-style detector of {@link HeartRate}; the heart rate at sample n is 60 / RR of
 * the last two R peaks at or before n, held until the next beat, and masked until the recording has
 * two peaks. The model therefore has to learn the detector and the RR timing.
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

  /** R-peak sample indices ({@link HeartRate#detectRPeaks}). */
  static int[] detectRPeaks(float[] ecg, double fs) {
    return HeartRate.detectRPeaks(ecg, fs);
  }

  /** The derived heart rate at every sample ({@link HeartRate#perSample}). */
  static float[] heartRate(int[] peaks, int n, double fs) {
    return HeartRate.perSample(peaks, n, fs);
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
}
