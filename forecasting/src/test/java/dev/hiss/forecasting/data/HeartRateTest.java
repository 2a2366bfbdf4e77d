package dev.hiss.forecasting.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** R-peak detection and the derived heart rate on synthetic ECG-like signals with known beats. */
class HeartRateTest {
  private static final double FS = SyntheticEcg.FS;

  @Test
  void everyBeatIsFoundWithinTwoSamplesOnACleanAndANoisySignal() {
    int n = (int) (60 * FS);
    for (double noise : new double[] {0, 0.05}) {
      int[] truth = SyntheticEcg.beats(n, 11);
      int[] found = HeartRate.detectRPeaks(SyntheticEcg.ecg(n, truth, noise, 3), FS);
      assertEquals(truth.length, found.length, "noise " + noise);
      for (int i = 0; i < truth.length; i++) {
        assertTrue(
            Math.abs(found[i] - truth[i]) <= 2, "beat " + i + ": " + found[i] + " vs " + truth[i]);
      }
    }
  }

  @Test
  void theHeartRateOfAConstantRhythmIsRecoveredExactly() {
    int n = (int) (30 * FS);
    int rr = 270; // 0.75 s → 80 bpm
    int[] truth = SyntheticEcg.regular(n, rr);
    float[] hr = HeartRate.fromEcg(SyntheticEcg.ecg(n, truth, 0, 1), FS);
    assertEquals(n, hr.length);
    int present = 0;
    for (int i = truth[1] + 2; i < n; i++) {
      assertEquals(80f, hr[i], 1e-4f, "sample " + i);
      present++;
    }
    assertTrue(present > n * 0.9);
    for (int i = 0; i < truth[1] - 2; i++) {
      assertTrue(Float.isNaN(hr[i]), "no rate before the second beat, sample " + i);
    }
  }

  @Test
  void theRateOfVaryingRrIsSixtyFsOverTheLastIntervalHeldUntilTheNextBeat() {
    int n = (int) (60 * FS);
    int[] truth = SyntheticEcg.beats(n, 29);
    float[] hr = HeartRate.fromEcg(SyntheticEcg.ecg(n, truth, 0.02, 7), FS);
    for (int p = 1; p + 1 < truth.length; p++) {
      double expected = 60 * FS / (truth[p] - truth[p - 1]);
      int mid = (truth[p] + truth[p + 1]) / 2;
      // ±2 samples of peak error on an RR of ≥ 162 samples: ≤ 2.5 % of the rate.
      assertEquals(expected, hr[mid], 0.025 * expected, "beat " + p);
    }
  }

  @Test
  void perSampleHoldsEachRateFromItsPeakToTheNextAndChecksThePeaks() {
    float[] hr = HeartRate.perSample(new int[] {2, 5, 9}, 12, 60);
    float nan = Float.NaN;
    // 60·60/3 = 1200 from sample 5, 60·60/4 = 900 from sample 9
    assertArrayEquals(
        new float[] {nan, nan, nan, nan, nan, 1200, 1200, 1200, 1200, 900, 900, 900}, hr);
    assertThrows(IllegalArgumentException.class, () -> HeartRate.perSample(new int[] {3, 3}, 5, 1));
    assertThrows(IllegalArgumentException.class, () -> HeartRate.perSample(new int[] {7}, 5, 1));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HeartRate.detectRPeaks(new float[3], 0));
    assertEquals("Invalid fs = 0.0; must be > 0", e.getMessage());
  }

  @Test
  void aFlatSignalHasNoBeats() {
    assertEquals(0, HeartRate.detectRPeaks(new float[1000], FS).length);
    assertEquals(0, HeartRate.detectRPeaks(new float[0], FS).length);
  }
}
