package dev.hiss.model.hiss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Training on {@link SyntheticTask}: the held-out masked MSE falls far below the trivial baseline,
 * the loss stays finite although masked targets are NaN, a trained model still streams like its
 * batch forward, and training is reproducible bit for bit from its seed.
 */
class HissTrainerTest {

  private static final int K = 10;
  private static final int CHUNKS = 4;

  private static HissConfig config() {
    return HissPresets.preset("tiny", 2, 1);
  }

  private static TrainConfig train(int epochs, long seed) {
    return new TrainConfig(1e-2, 0.9, 0.999, 1e-8, 8, epochs, seed);
  }

  @Test
  void lossFallsFarBelowTheBaselineOnAKnownTask() {
    Seq2SeqData data = SyntheticTask.generate(64, CHUNKS, K, 1);
    Seq2SeqData test = SyntheticTask.generate(32, CHUNKS, K, 2);
    HissModel model = new HissModel(config(), 3);
    double before = HissTrainer.evaluate(model, test);
    List<Double> history = new HissTrainer(model, train(40, 4)).fit(data);
    double after = HissTrainer.evaluate(model, test);
    double baseline = SyntheticTask.baseline(test);
    System.out.printf(
        "baseline %.4f, test before %.4f, after %.4f; train loss by epoch %s%n",
        baseline, before, after, history);
    assertTrue(history.stream().allMatch(Double::isFinite), "NaN targets leaked past the mask");
    assertTrue(history.get(history.size() - 1) < 0.25 * history.get(0), "train loss " + history);
    assertTrue(after < 0.1 * baseline, "test MSE " + after + " vs baseline " + baseline);

    HissStepModel stream = new HissStepModel(model, 1);
    float[] x = Arrays.copyOf(test.inputs(), CHUNKS * K * 2);
    float[] expected = model.predict(x, 1, CHUNKS * K);
    for (int t = 0; t < CHUNKS * K; t++) {
      float[] y = stream.step(new float[] {x[2 * t], x[2 * t + 1]});
      if (t % K == K - 1) {
        assertEquals(expected[t / K], y[0], 1e-5, "trained model streams like batch");
      }
    }
  }

  /**
   * HiSS models with S5, LSTM and Transformer levels learn the task, and still stream like their
   * batch pass.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"S5→S5", "LSTM→LSTM", "S5→LSTM", "Transformer→Transformer"})
  void s5AndLstmLevelsLearnTheTask(String name) {
    LevelConfig s5 = LevelConfig.s5(8, 1, 0.1, 4);
    LevelConfig lstm = LevelConfig.lstm(8, 1, 0.1);
    HissConfig config =
        switch (name) {
          case "S5→S5" -> HissConfig.twoLevel(2, 1, s5, s5, K);
          case "LSTM→LSTM" -> HissConfig.twoLevel(2, 1, lstm, lstm, K);
          case "Transformer→Transformer" ->
              HissConfig.twoLevel(
                  2, 1, LevelConfig.transformer(8, 1, 16), LevelConfig.transformer(8, 1, 16), K);
          default -> HissConfig.twoLevel(2, 1, s5, lstm, K);
        };
    Seq2SeqData data = SyntheticTask.generate(64, CHUNKS, K, 1);
    Seq2SeqData test = SyntheticTask.generate(32, CHUNKS, K, 2);
    HissModel model = new HissModel(config, 3);
    List<Double> history = new HissTrainer(model, train(40, 4)).fit(data);
    double after = HissTrainer.evaluate(model, test);
    double baseline = SyntheticTask.baseline(test);
    System.out.printf("%s: baseline %.4f, test after %.4f%n", name, baseline, after);
    assertTrue(history.stream().allMatch(Double::isFinite), name + " " + history);
    assertTrue(after < 0.2 * baseline, name + ": test MSE " + after + " vs baseline " + baseline);
    HissStepModel stream = new HissStepModel(model, 1);
    float[] x = Arrays.copyOf(test.inputs(), CHUNKS * K * 2);
    float[] expected = model.predict(x, 1, CHUNKS * K);
    for (int t = 0; t < CHUNKS * K; t++) {
      float[] y = stream.step(new float[] {x[2 * t], x[2 * t + 1]});
      if (t % K == K - 1) {
        assertEquals(expected[t / K], y[0], 1e-5, name + ": trained model streams like batch");
      }
    }
  }

  @Test
  void sameSeedGivesIdenticalWeightsAndAnotherSeedDoesNot() {
    Seq2SeqData data = SyntheticTask.generate(20, CHUNKS, K, 5);
    HissModel a = new HissModel(config(), 7);
    HissModel b = new HissModel(config(), 7);
    HissModel c = new HissModel(config(), 7);
    List<Double> ha = new HissTrainer(a, train(3, 11)).fit(data);
    List<Double> hb = new HissTrainer(b, train(3, 11)).fit(data);
    new HissTrainer(c, train(3, 12)).fit(data);
    assertEquals(ha, hb);
    boolean anyDifferent = false;
    for (int i = 0; i < a.parameters().size(); i++) {
      Parameter pa = a.parameters().get(i);
      assertArrayEquals(pa.value(), b.parameters().get(i).value(), pa.name());
      anyDifferent |= !Arrays.equals(pa.value(), c.parameters().get(i).value());
    }
    assertTrue(anyDifferent, "another shuffling/dropout seed must change the weights");
  }

  @Test
  void rejectsDataOfTheWrongShape() {
    Seq2SeqData data = SyntheticTask.generate(4, CHUNKS, K, 5);
    HissModel model = new HissModel(HissPresets.preset("tiny", 3, 1), 1);
    HissTrainer trainer = new HissTrainer(model, train(1, 1));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> trainer.fit(data));
    assertTrue(e.getMessage().contains("D_in/D_out/L_out"), e.getMessage());
    assertFalse(e.getMessage().isEmpty());
  }
}
