package dev.hiss.model.hiss;

import static dev.hiss.model.hiss.HissTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link HissPreprocessing} (deltas, clip, statistics from the training data only) and {@link
 * HissForecaster} (raw units in and out, batch and streaming paths agree).
 */
class HissForecasterTest {

  /** Raw episodes [n, L, 2] with channel 0 around 100 (std ≈ 10) and a constant channel 1. */
  private static Seq2SeqData raw(int n, int length, int lOut, long seed) {
    float[] x = randomFloats(n * length * 2, seed);
    for (int i = 0; i < x.length; i += 2) {
      x[i] = 100 + 10 * x[i];
      x[i + 1] = 7f;
    }
    float[] y = randomFloats(n * lOut, seed + 1);
    for (int i = 0; i < y.length; i++) {
      y[i] = 50 + 4 * y[i];
    }
    boolean[] mask = new boolean[n * lOut];
    java.util.Arrays.fill(mask, true);
    mask[0] = false;
    y[0] = 1e6f; // masked: must not enter the target statistics
    return new Seq2SeqData(x, y, mask, n, length, 2, lOut, 1);
  }

  @Test
  void fitUsesOnlyTheGivenTrainingDataAndClampsTheStd() {
    Seq2SeqData train = raw(3, 20, 2, 1);
    HissPreprocessing p = HissPreprocessing.fit(train, true, 3000);
    assertEquals(4, p.featureDim());
    double sum = 0;
    for (int i = 0; i < train.inputs().length; i += 2) {
      sum += train.inputs()[i];
    }
    assertEquals(sum / 60, p.inputMean()[0], 1e-3);
    assertEquals(7f, p.inputMean()[1], 1e-6);
    assertEquals(HissPreprocessing.MIN_STD, p.inputStd()[1]); // constant channel: std clamped
    assertEquals(HissPreprocessing.MIN_STD, p.inputStd()[3]); // its delta is always 0
    double ySum = 0;
    for (int i = 1; i < train.targets().length; i++) {
      ySum += train.targets()[i];
    }
    assertEquals(ySum / 5, p.targetMean()[0], 1e-3, "the masked 1e6 target must be ignored");
    assertTrue(p.targetStd()[0] > 1 && p.targetStd()[0] < 10, "target std " + p.targetStd()[0]);
    HissPreprocessing other = HissPreprocessing.fit(raw(3, 20, 2, 9), true, 3000);
    assertTrue(other.inputMean()[0] != p.inputMean()[0], "statistics depend on the data given");
  }

  @Test
  void deltasStartAtZeroAndAreClippedBeforeNormalization() {
    HissPreprocessing p =
        new HissPreprocessing(
            1,
            true,
            5,
            new float[] {1, 0.5f},
            new float[] {2, 4},
            new float[] {10},
            new float[] {3});
    float[] f = p.features(new float[] {2, 9, -20, 1, 3}, 1, 5);
    // values clip(u)=2,5,-5,1,3; deltas 0, 7→5, -29→-5, 21→5, 2
    float[] expected = {
      0.5f, -0.125f, 2f, 1.125f, -3f, -1.375f, 0f, 1.125f, 1f, 0.375f,
    };
    assertArrayEquals(expected, f, 1e-6f);
    assertArrayEquals(new float[] {13f, 4f}, p.denormalizeTargets(new float[] {1f, -2f}), 1e-6f);
    assertArrayEquals(new float[] {1f, -2f}, p.normalizeTargets(new float[] {13f, 4f}), 1e-6f);
  }

  @Test
  void streamingWithPreprocessingEqualsTheBatchPathInRawUnits() {
    Seq2SeqData train = raw(2, 30, 3, 3);
    for (HissConfig config :
        new HissConfig[] {HissTestSupport.s4dMamba(4, 1, 10), HissTestSupport.flatS4d(4, 1, 10)}) {
      HissForecaster f =
          new HissForecaster(new HissModel(config, 5), HissPreprocessing.fit(train, true, 115));
      int batch = 2;
      int length = 30;
      HissStepModel stream = f.stepModel(batch);
      assertEquals(2, stream.sampleWidth());
      float std = f.preprocessing().targetStd()[0];
      for (int episode = 0; episode < 2; episode++) {
        float[] x = raw(batch, length, 3, 20 + episode).inputs();
        float[] expected = f.predict(x, batch, length);
        stream.reset();
        int emitted = 0;
        for (int t = 0; t < length; t++) {
          float[] sample = new float[batch * 2];
          for (int b = 0; b < batch; b++) {
            System.arraycopy(x, (b * length + t) * 2, sample, b * 2, 2);
          }
          float[] y = stream.step(sample);
          boolean boundary = config.isFlat() ? t % 10 == 0 : t % 10 == 9;
          if (!boundary) {
            assertNull(y);
            continue;
          }
          for (int b = 0; b < batch; b++) {
            float e = expected[b * 3 + t / 10];
            assertEquals(e, y[b], 1e-5 * std, config + " episode " + episode + " t " + t);
          }
          emitted++;
        }
        assertEquals(3, emitted);
      }
    }
  }

  @Test
  void predictionsAreInRawTargetUnits() {
    Seq2SeqData train = raw(2, 20, 2, 4);
    HissPreprocessing p = HissPreprocessing.fit(train, false, 3000);
    HissModel model = new HissModel(HissTestSupport.s4S4d(2, 1, 10), 8);
    HissForecaster f = new HissForecaster(model, p);
    float[] normalized = model.predict(p.features(train.inputs(), 2, 20), 2, 20);
    float[] y = f.predict(train.inputs(), 2, 20);
    for (int i = 0; i < y.length; i++) {
      assertEquals(normalized[i] * p.targetStd()[0] + p.targetMean()[0], y[i], 1e-4);
    }
    assertEquals(
        HissTrainer.evaluate(model, p.apply(train)), f.normalizedMse(train), 1e-12, "same loss");
  }

  @Test
  void preprocessingMustFitTheModel() {
    HissModel model = new HissModel(HissTestSupport.s4S4d(2, 1, 10), 8);
    HissPreprocessing withDeltas = HissPreprocessing.fit(raw(1, 20, 2, 1), true, 3000);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new HissForecaster(model, withDeltas));
    assertTrue(e.getMessage().contains("feature width/D_out = 4/1"), e.getMessage());
  }
}
