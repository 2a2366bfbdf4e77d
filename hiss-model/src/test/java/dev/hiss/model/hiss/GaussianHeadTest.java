package dev.hiss.model.hiss;

import static dev.hiss.model.hiss.HissTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.io.InvalidModelFileException;
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
 * The GAUSSIAN head through the model: configuration, a whole-model gradient check of the NLL and
 * CRPS losses, predict/predictDistribution consistency, streaming = batch for mean and std, and
 * model files.
 */
class GaussianHeadTest {

  @TempDir Path dir;

  static Stream<Arguments> configs() {
    return Stream.of(
        Arguments.of("S4D→Mamba", HissTestSupport.s4dMamba(2, 2, 3).withHead(OutputHead.GAUSSIAN)),
        Arguments.of("flat S4D", HissTestSupport.flatS4d(2, 2, 3).withHead(OutputHead.GAUSSIAN)),
        Arguments.of("S5→LSTM", HissTestSupport.s5Lstm(2, 2, 3).withHead(OutputHead.GAUSSIAN)));
  }

  @Test
  void headDefaultsToPointAndIsValidated() {
    HissConfig c = HissTestSupport.s4dMamba(2, 3, 4);
    assertEquals(OutputHead.POINT, c.head());
    assertEquals(3, c.headWidth());
    HissConfig g = c.withHead(OutputHead.GAUSSIAN);
    assertEquals(6, g.headWidth());
    assertEquals(c.levels(), g.levels());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new HissConfig(2, 1, c.levels(), c.chunks(), null));
    assertEquals("Invalid head = null; must be POINT, GAUSSIAN or QUANTILE", e.getMessage());
    HissModel point = new HissModel(c, 1);
    IllegalStateException s =
        assertThrows(
            IllegalStateException.class, () -> point.predictDistribution(new float[16], 1, 8));
    assertTrue(s.getMessage().contains("POINT head"), s.getMessage());
    HissTrainer t = new HissTrainer(point, TrainConfig.hissDefaults(1));
    e = assertThrows(IllegalArgumentException.class, () -> t.withLoss(TrainingLoss.GAUSSIAN_NLL));
    assertTrue(e.getMessage().contains("POINT head"), e.getMessage());
  }

  /**
   * Float32 central differences (step 1e-2) of the masked NLL / CRPS of the whole model, through
   * every parameter and the input, dropout fixed by re-seeding; tolerance as in {@link
   * HissModelGradientTest}.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void lossGradientThroughTheModelMatchesFiniteDifferences(String name, HissConfig config) {
    for (TrainingLoss loss :
        new TrainingLoss[] {TrainingLoss.GAUSSIAN_NLL, TrainingLoss.GAUSSIAN_CRPS}) {
      HissModel model = new HissModel(config, 17);
      int batch = 2;
      int length = 9;
      int lOut = config.outputLength(length);
      float[] x = randomFloats(batch * length * config.inputDim(), 3);
      float[] y = randomFloats(batch * lOut * config.outputDim(), 4);
      boolean[] mask = new boolean[batch * lOut];
      java.util.Arrays.fill(mask, true);
      mask[1] = false;
      java.util.function.DoubleSupplier value =
          () ->
              loss.loss(
                  model.forward(x, batch, length, new SplittableRandom(99)),
                  y,
                  mask,
                  config.outputDim(),
                  null);
      model.zeroGrad();
      float[] h = model.forward(x, batch, length, new SplittableRandom(99));
      float[] g = new float[h.length];
      loss.loss(h, y, mask, config.outputDim(), g);
      float[] dx = model.backward(g);
      double global = maxAbs(dx);
      for (Parameter p : model.parameters()) {
        global = Math.max(global, maxAbs(p.grad()));
      }
      for (Parameter p : model.parameters()) {
        check(loss + " " + p.name(), p.value(), p.grad().clone(), global, value);
      }
      check(loss + " input", x, dx, global, value);
    }
  }

  private static double maxAbs(float[] a) {
    double m = 0;
    for (float v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  private static void check(
      String name, float[] x, float[] grad, double global, java.util.function.DoubleSupplier loss) {
    double scale = Math.max(maxAbs(grad), 0.05 * global);
    assertTrue(maxAbs(grad) > 0, name + ": gradient is identically zero");
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
      assertTrue(
          Math.abs(fd - grad[i]) <= 3e-2 * scale + 3e-4,
          name + "[" + i + "]: analytic " + grad[i] + " vs finite difference " + fd);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void predictGivesTheMeansOfPredictDistribution(String name, HissConfig config) {
    HissModel model = new HissModel(config, 5);
    float[] x = randomFloats(2 * 12 * 2, 6);
    GaussianPrediction g = model.predictDistribution(x, 2, 12);
    assertArrayEquals(g.mean(), model.predict(x, 2, 12));
    assertEquals(2 * config.outputLength(12) * 2, g.std().length);
    float[] head = model.forward(x, 2, 12, null);
    for (int i = 0; i < g.std().length; i++) {
      int s = i / 2;
      int c = i % 2;
      assertEquals((float) Math.sqrt(GaussianLoss.variance(head[(2 * s + 1) * 2 + c])), g.std()[i]);
      assertTrue(g.std()[i] > 0);
    }
  }

  static Stream<Arguments> streamingConfigs() {
    return Stream.of(
        Arguments.of("S4D→Mamba", HissTestSupport.s4dMamba(3, 2, 5), 6),
        Arguments.of("three levels", HissTestSupport.threeLevel(3, 2, 5, 2), 3),
        Arguments.of("flat S4D", HissTestSupport.flatS4d(3, 2, 5), 6),
        Arguments.of("flat Mamba", HissTestSupport.flatMamba(3, 2, 4), 5),
        Arguments.of("LSTM→S5", HissTestSupport.lstmS5(3, 2, 5), 6),
        Arguments.of("flat LSTM", HissTestSupport.flatLstm(3, 2, 4), 5));
  }

  /**
   * With a non-identity preprocessing (deltas, normalization), streaming gives the batch
   * forecaster's mean and std within 1e-5 (relative to the target scale) at every emission.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("streamingConfigs")
  void streamingMeanAndStdEqualTheBatchDistribution(String name, HissConfig point, int lOut) {
    HissConfig config =
        new HissConfig(2, point.outputDim(), point.levels(), point.chunks(), OutputHead.GAUSSIAN);
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
    float[] raw = randomFloats(batch * length, 10);
    GaussianPrediction expected = f.predictDistribution(raw, batch, length);
    assertArrayEquals(expected.mean(), f.predict(raw, batch, length));
    HissStepModel stream = f.stepModel(batch);
    assertTrue(stream.probabilistic());
    HissStepModel points = f.stepModel(batch);
    int emitted = 0;
    for (int t = 0; t < length; t++) {
      float[] sample = {raw[t], raw[length + t]};
      GaussianPrediction g = stream.stepDistribution(sample);
      float[] m = points.step(sample);
      int emitAt = config.isFlat() ? 0 : span - 1;
      if (t % span != emitAt) {
        assertNull(g);
        assertNull(m);
        continue;
      }
      assertNotNull(g);
      int j = t / span;
      for (int b = 0; b < batch; b++) {
        for (int d = 0; d < 2; d++) {
          int at = (b * lOut + j) * 2 + d;
          float scale = pre.targetStd()[d];
          assertEquals(expected.mean()[at], g.mean()[b * 2 + d], 1e-5 * scale, "mean " + at);
          assertEquals(expected.std()[at], g.std()[b * 2 + d], 1e-5 * scale, "std " + at);
          assertEquals(g.mean()[b * 2 + d], m[b * 2 + d], 0f, "step() returns the mean");
        }
      }
      emitted++;
    }
    assertEquals(lOut, emitted);
    HissStepModel plain = new HissStepModel(new HissModel(point, 1), 1);
    assertTrue(!plain.probabilistic());
    assertThrows(IllegalStateException.class, () -> plain.stepDistribution(new float[3]));
  }

  @Test
  void gaussianModelFileRoundTripsAndBadHeadIsRejected() throws Exception {
    HissConfig config = HissTestSupport.s4S4d(2, 2, 5).withHead(OutputHead.GAUSSIAN);
    HissModel model = new HissModel(config, 9);
    HissForecaster f =
        new HissForecaster(
            model,
            new HissPreprocessing(
                2,
                false,
                10,
                new float[] {0, 1},
                new float[] {1, 2},
                new float[] {3, 4},
                new float[] {5, 6}));
    Path file = dir.resolve("g.json");
    HissModelFile.save(file, f, provenance());
    assertTrue(
        Files.readString(file).matches("(?s).*\"head\"\\s*:\\s*\"GAUSSIAN\".*"), "head saved");
    HissForecaster loaded = HissModelFile.loadForecaster(file);
    assertEquals(config, loaded.model().config());
    float[] x = randomFloats(2 * 20 * 2, 3);
    GaussianPrediction a = f.predictDistribution(x, 2, 20);
    GaussianPrediction b = loaded.predictDistribution(x, 2, 20);
    assertArrayEquals(a.mean(), b.mean());
    assertArrayEquals(a.std(), b.std());

    Path bad = dir.resolve("bad.json");
    // a correctly checksummed file whose config names an unknown head
    var payload =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            dev.hiss.model.io.ModelFile.read(file, HissModelFile.KIND).payload().deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) payload.get("config")).put("head", "LAPLACE");
    dev.hiss.model.io.ModelFile.write(bad, HissModelFile.KIND, provenance(), payload);
    InvalidModelFileException e =
        assertThrows(InvalidModelFileException.class, () -> HissModelFile.load(bad));
    assertTrue(e.getMessage().contains("Invalid head = 'LAPLACE'"), e.getMessage());
  }

  @Test
  void oldModelFileLoadsWithAPointHead() throws Exception {
    Path file = dir.resolve("v1.json");
    try (var in = getClass().getResourceAsStream("hiss-model-v1.json")) {
      Files.copy(in, file);
    }
    assertTrue(!Files.readString(file).contains("\"head\""), "the old file has no head field");
    assertEquals(OutputHead.POINT, HissModelFile.load(file).config().head());
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
