package dev.hiss.model.hiss;

import static dev.hiss.model.hiss.HissTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.io.Provenance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The QUANTILE head through the model: a whole-model gradient check of the pinball loss, predict =
 * the median-level quantile, streaming = batch for the quantiles, and model files.
 */
class QuantileHeadTest {
  private static final QuantileLevels LEVELS = QuantileLevels.parse("0.1,0.5,0.8,0.95");

  @TempDir Path dir;

  static Stream<Arguments> configs() {
    return Stream.of(
        Arguments.of("S4D→Mamba", HissTestSupport.s4dMamba(2, 2, 3).withQuantiles(LEVELS)),
        Arguments.of("flat S4D", HissTestSupport.flatS4d(2, 2, 3).withQuantiles(LEVELS)));
  }

  /**
   * Float32 central differences (step 1e-2) of the masked pinball loss of the whole model through
   * every parameter and the input (dropout fixed by re-seeding); as in {@link GaussianHeadTest}.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void pinballGradientThroughTheModelMatchesFiniteDifferences(String name, HissConfig config) {
    HissModel model = new HissModel(config, 17);
    int batch = 2;
    int length = 9;
    int lOut = config.outputLength(length);
    float[] x = randomFloats(batch * length * config.inputDim(), 3);
    float[] y = randomFloats(batch * lOut * config.outputDim(), 4);
    for (int i = 0; i < y.length; i++) {
      y[i] *= 3; // spread targets across the quantiles
    }
    boolean[] mask = new boolean[batch * lOut];
    java.util.Arrays.fill(mask, true);
    mask[1] = false;
    TrainingLoss loss = TrainingLoss.PINBALL;
    java.util.function.DoubleSupplier value =
        () ->
            loss.loss(
                model.forward(x, batch, length, new SplittableRandom(99)),
                y,
                mask,
                config.outputDim(),
                config.quantiles(),
                null);
    model.zeroGrad();
    float[] h = model.forward(x, batch, length, new SplittableRandom(99));
    float[] g = new float[h.length];
    loss.loss(h, y, mask, config.outputDim(), config.quantiles(), g);
    float[] dx = model.backward(g);
    double global = maxAbs(dx);
    for (Parameter p : model.parameters()) {
      global = Math.max(global, maxAbs(p.grad()));
    }
    for (Parameter p : model.parameters()) {
      check(p.name(), p.value(), p.grad().clone(), global, value);
    }
    check("input", x, dx, global, value);
  }

  private static double maxAbs(float[] a) {
    double m = 0;
    for (float v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  /** Like GaussianHeadTest's check, but a kink crossed by ±h may miss by one jump: 5 % allowed. */
  private static void check(
      String name, float[] x, float[] grad, double global, java.util.function.DoubleSupplier loss) {
    double scale = Math.max(maxAbs(grad), 0.05 * global);
    assertTrue(maxAbs(grad) > 0, name + ": gradient is identically zero");
    int bad = 0;
    StringBuilder first = new StringBuilder();
    for (int i = 0; i < x.length; i++) {
      float keep = x[i];
      float hp = keep + 1e-2f;
      float hm = keep - 1e-2f;
      x[i] = hp;
      double lp = loss.getAsDouble();
      x[i] = hm;
      double lm = loss.getAsDouble();
      x[i] = keep;
      double fd = (lp - lm) / ((double) hp - hm);
      if (Math.abs(fd - grad[i]) > 3e-2 * scale + 3e-4) {
        bad++;
        if (first.isEmpty()) {
          first.append(name + "[" + i + "]: analytic " + grad[i] + " vs finite difference " + fd);
        }
      }
    }
    assertTrue(bad <= Math.max(1, x.length / 20), bad + " of " + x.length + " off; " + first);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void predictGivesTheMedianLevelOfPredictQuantiles(String name, HissConfig config) {
    HissModel model = new HissModel(config, 5);
    float[] x = randomFloats(2 * 12 * 2, 6);
    float[] q = model.predictQuantiles(x, 2, 12);
    float[] p = model.predict(x, 2, 12);
    int rows = 2 * config.outputLength(12);
    assertEquals(rows * 4 * 2, q.length);
    int m = LEVELS.medianIndex();
    assertEquals(1, m);
    for (int s = 0; s < rows; s++) {
      for (int d = 0; d < 2; d++) {
        assertEquals(q[(s * 4 + m) * 2 + d], p[s * 2 + d], 0f);
        for (int j = 1; j < 4; j++) {
          assertTrue(q[(s * 4 + j) * 2 + d] > q[(s * 4 + j - 1) * 2 + d], "non-crossing");
        }
      }
    }
    HissModel point = new HissModel(HissTestSupport.s4dMamba(2, 2, 3), 1);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> point.predictQuantiles(x, 2, 12));
    assertTrue(e.getMessage().contains("POINT head"), e.getMessage());
  }

  static Stream<Arguments> streamingConfigs() {
    return Stream.of(
        Arguments.of("S4D→Mamba", HissTestSupport.s4dMamba(3, 2, 5), 6),
        Arguments.of("three levels", HissTestSupport.threeLevel(3, 2, 5, 2), 3),
        Arguments.of("flat S4D", HissTestSupport.flatS4d(3, 2, 5), 6),
        Arguments.of("flat LSTM", HissTestSupport.flatLstm(3, 2, 4), 5));
  }

  /**
   * With a non-identity preprocessing, the streaming quantiles equal the batch forecaster's within
   * 1e-5 (relative to the target scale) at every emission, and step() returns the median level.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("streamingConfigs")
  void streamingQuantilesEqualTheBatchQuantiles(String name, HissConfig point, int lOut) {
    HissConfig config =
        new HissConfig(
            2, point.outputDim(), point.levels(), point.chunks(), OutputHead.QUANTILE, LEVELS);
    HissModel model = new HissModel(config, 21);
    HissPreprocessing pre =
        new HissPreprocessing(
            1,
            true,
            HissPreprocessing.DEFAULT_CLIP,
            new float[] {0.5f, 0f},
            new float[] {2f, 0.5f},
            new float[] {10f, -3f},
            new float[] {4f, 0.25f});
    HissForecaster f = new HissForecaster(model, pre);
    int span = config.totalChunk();
    int length = lOut * span;
    int batch = 2;
    int nq = LEVELS.count();
    float[] raw = randomFloats(batch * length, 10);
    float[] expected = f.predictQuantiles(raw, batch, length);
    float[] medians = f.predict(raw, batch, length);
    HissStepModel stream = f.stepModel(batch);
    HissStepModel points = f.stepModel(batch);
    assertTrue(!stream.probabilistic(), "probabilistic() means a Gaussian step distribution");
    int emitted = 0;
    for (int t = 0; t < length; t++) {
      float[] sample = {raw[t], raw[length + t]};
      float[] q = stream.stepQuantiles(sample);
      float[] m = points.step(sample);
      int emitAt = config.isFlat() ? 0 : span - 1;
      if (t % span != emitAt) {
        assertNull(q);
        assertNull(m);
        continue;
      }
      assertNotNull(q);
      int j = t / span;
      for (int b = 0; b < batch; b++) {
        for (int d = 0; d < 2; d++) {
          float scale = pre.targetStd()[d];
          for (int l = 0; l < nq; l++) {
            int at = ((b * lOut + j) * nq + l) * 2 + d;
            assertEquals(expected[at], q[(b * nq + l) * 2 + d], 1e-5 * scale, "q " + at);
          }
          assertEquals(medians[(b * lOut + j) * 2 + d], m[b * 2 + d], 1e-5 * scale, "median");
        }
      }
      emitted++;
    }
    assertEquals(lOut, emitted);
    HissStepModel plain = new HissStepModel(new HissModel(point, 1), 1);
    assertThrows(IllegalStateException.class, () -> plain.stepQuantiles(new float[3]));
  }

  @Test
  void quantileModelFileRoundTripsAndOldFilesStillLoad() throws Exception {
    HissConfig config = HissTestSupport.s4S4d(2, 2, 5).withQuantiles(LEVELS);
    HissModel model = new HissModel(config, 9);
    Path file = dir.resolve("q.json");
    HissModelFile.save(file, model, provenance());
    String text = Files.readString(file);
    assertTrue(text.matches("(?s).*\"head\"\\s*:\\s*\"QUANTILE\".*"), "head saved");
    assertTrue(text.matches("(?s).*\"quantiles\"\\s*:\\s*\\[\\s*0.1\\s*,\\s*0.5.*"), "levels");
    HissModel loaded = HissModelFile.load(file);
    assertEquals(config, loaded.config());
    float[] x = randomFloats(2 * 20 * 2, 3);
    assertArrayEquals(model.predictQuantiles(x, 2, 20), loaded.predictQuantiles(x, 2, 20));

    Path v1 = dir.resolve("v1.json");
    try (var in = getClass().getResourceAsStream("hiss-model-v1.json")) {
      Files.copy(in, v1);
    }
    HissConfig old = HissModelFile.load(v1).config();
    assertEquals(OutputHead.POINT, old.head());
    assertNull(old.quantiles());
  }

  private static Provenance provenance() {
    return new Provenance(
        Map.of("preset", "test"),
        42,
        "",
        "",
        "unit test",
        Provenance.currentCodeVersion(),
        "2026-01-01T00:00:00Z");
  }
}
