package dev.hiss.model.hiss;

import static dev.hiss.model.hiss.HissTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Dropout in Transformer levels: active only in the training forward (from the seeded generator),
 * ignored at inference and in streaming steps, and training is reproducible from its seed. The
 * gradient with fixed masks is checked by {@link HissModelGradientTest}; the placement inside the
 * block by {@code TransformerDropoutTest}.
 */
class HissTransformerDropoutTest {

  private static final int K = 4;
  private static final int BATCH = 2;

  private static HissConfig config(double dropout) {
    return HissConfig.twoLevel(
        2,
        1,
        LevelConfig.transformer(8, 2, 3, dropout),
        LevelConfig.transformer(8, 1, 4, dropout),
        K);
  }

  @Test
  void inferenceAndStepsIgnoreDropout() {
    int length = 3 * K;
    float[] x = randomFloats(BATCH * length * 2, 1);
    HissModel plain = new HissModel(config(0), 5);
    HissModel dropped = new HissModel(config(0.3), 5);
    float[] expected = plain.predict(x, BATCH, length);
    assertArrayEquals(expected, dropped.predict(x, BATCH, length), "predict ignores dropout");
    assertArrayEquals(
        expected, dropped.forward(x, BATCH, length, null), "forward without a generator");
    HissStepModel stream = new HissStepModel(dropped, BATCH);
    for (int t = 0; t < length; t++) {
      float[] sample = new float[BATCH * 2];
      for (int b = 0; b < BATCH; b++) {
        System.arraycopy(x, (b * length + t) * 2, sample, b * 2, 2);
      }
      float[] y = stream.step(sample);
      if (t % K == K - 1) {
        for (int b = 0; b < BATCH; b++) {
          assertEquals(expected[b * 3 + t / K], y[b], "step equals batch bit for bit, t = " + t);
        }
      }
    }
  }

  @Test
  void trainingForwardDropsFromTheSeededGeneratorOnly() {
    int length = 3 * K;
    float[] x = randomFloats(BATCH * length * 2, 2);
    HissModel plain = new HissModel(config(0), 5);
    HissModel dropped = new HissModel(config(0.3), 5);
    float[] inference = plain.predict(x, BATCH, length);
    assertArrayEquals(
        inference,
        plain.forward(x, BATCH, length, new SplittableRandom(9)),
        "dropout 0 draws nothing and changes nothing");
    float[] a = dropped.forward(x, BATCH, length, new SplittableRandom(9));
    float[] b = dropped.forward(x, BATCH, length, new SplittableRandom(9));
    float[] c = dropped.forward(x, BATCH, length, new SplittableRandom(10));
    assertArrayEquals(a, b, "same generator seed, same masks");
    assertFalse(Arrays.equals(a, inference), "dropout is active in training");
    assertFalse(Arrays.equals(a, c), "another seed draws other masks");
  }

  @Test
  void trainingIsReproducibleFromItsSeedAndDropoutChangesIt() {
    Seq2SeqData data = SyntheticTask.generate(12, 3, K, 5);
    HissModel a = new HissModel(config(0.2), 7);
    HissModel b = new HissModel(config(0.2), 7);
    HissModel c = new HissModel(config(0), 7);
    TrainConfig train = new TrainConfig(1e-2, 0.9, 0.999, 1e-8, 4, 2, 11);
    List<Double> ha = new HissTrainer(a, train).fit(data);
    List<Double> hb = new HissTrainer(b, train).fit(data);
    new HissTrainer(c, train).fit(data);
    assertEquals(ha, hb);
    assertTrue(ha.stream().allMatch(Double::isFinite), ha.toString());
    boolean anyDifferent = false;
    for (int i = 0; i < a.parameters().size(); i++) {
      Parameter pa = a.parameters().get(i);
      assertArrayEquals(pa.value(), b.parameters().get(i).value(), pa.name());
      anyDifferent |= !Arrays.equals(pa.value(), c.parameters().get(i).value());
    }
    assertTrue(anyDifferent, "dropout must change what training learns");
  }
}
