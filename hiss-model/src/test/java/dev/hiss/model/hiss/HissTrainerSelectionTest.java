package dev.hiss.model.hiss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Best-epoch selection on validation, early stopping, progress reports and gradient clipping. */
class HissTrainerSelectionTest {
  private static Seq2SeqData data(long seed, int episodes) {
    SplittableRandom r = new SplittableRandom(seed);
    int len = 40;
    float[] x = new float[episodes * len];
    float[] y = new float[episodes * (len / 10)];
    for (int e = 0; e < episodes; e++) {
      for (int j = 0; j < len / 10; j++) {
        float level = (float) (r.nextDouble() * 2 - 1);
        for (int t = 0; t < 10; t++) {
          x[e * len + j * 10 + t] = level + (float) (0.2 * r.nextGaussian());
        }
        y[e * (len / 10) + j] = (float) Math.sin(2 * level);
      }
    }
    return new Seq2SeqData(x, y, null, episodes, len, 1, len / 10, 1);
  }

  @Test
  void theModelEndsWithTheBestValidationWeightsAndReportsEveryEpoch() {
    HissModel model = new HissModel(HissPresets.preset("tiny", 1, 1), 3);
    HissTrainer t = new HissTrainer(model, new TrainConfig(1e-2, 0.9, 0.999, 1e-8, 8, 12, 5));
    List<HissTrainer.EpochReport> reports = new ArrayList<>();
    Seq2SeqData validation = data(2, 16);
    HissTrainer.FitResult r = t.fit(data(1, 48), validation, 12, reports::add);
    assertEquals(12, reports.size());
    assertEquals(12, r.validationMse().size());
    double min = r.validationMse().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    assertEquals(min, r.validationMse().get(r.bestEpoch()));
    assertEquals(min, HissTrainer.evaluate(model, validation), 1e-12, "best weights restored");
    for (int i = 0; i < reports.size(); i++) {
      HissTrainer.EpochReport e = reports.get(i);
      assertEquals(i + 1, e.epoch());
      assertTrue(e.samplesPerSecond() > 0);
      assertEquals(r.validationMse().get(i), e.validationMse());
    }
    assertEquals(0, reports.get(11).eta().toMillis());
  }

  @Test
  void patienceStopsTrainingAfterEpochsWithoutImprovement() {
    HissModel model = new HissModel(HissPresets.preset("tiny", 1, 1), 3);
    // a learning rate this large makes validation stop improving quickly
    HissTrainer t = new HissTrainer(model, new TrainConfig(0.5, 0.9, 0.999, 1e-8, 8, 40, 5));
    HissTrainer.FitResult r = t.fit(data(1, 32), data(2, 8), 2, null);
    assertTrue(r.stoppedEarly(), r.toString());
    assertEquals(r.bestEpoch() + 3, r.validationMse().size());
  }

  @Test
  void clippingBoundsTheGlobalGradientNorm() {
    HissModel model = new HissModel(HissPresets.preset("tiny", 1, 1), 3);
    HissTrainer t =
        new HissTrainer(model, new TrainConfig(1e-3, 0.9, 0.999, 1e-8, 8, 1, 5))
            .withGradientClipping(1e-3);
    t.step(data(1, 8));
    assertTrue(t.lastGradientNorm() > 1e-3, "this batch's gradient is larger than the clip");
    double sq = 0;
    for (Parameter p : model.parameters()) {
      for (float g : p.grad()) {
        sq += (double) g * g;
      }
    }
    assertEquals(1e-3, Math.sqrt(sq), 1e-6);
    assertThrows(IllegalArgumentException.class, () -> t.withGradientClipping(0));
  }
}
