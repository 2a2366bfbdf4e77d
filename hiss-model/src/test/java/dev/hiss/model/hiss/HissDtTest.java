package dev.hiss.model.hiss;

import static dev.hiss.model.hiss.HissTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hiss.model.hiss.internal.DtScales;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Δt input of HiSS models ({@link HissConfig#dt()}): Δt ≡ 1 reproduces the model without Δt,
 * streaming equals the batch forward with irregular Δt (per-sample at level 0, chunk means above),
 * gradients match finite differences, bad Δt values and configurations are rejected by value, and
 * the model file records the flag (old files load without Δt).
 */
class HissDtTest {

  private static final int BATCH = 2;

  static Stream<Arguments> configs() {
    return Stream.of(
        Arguments.of("S4D→Mamba", HissTestSupport.s4dMamba(3, 2, 5), 6),
        Arguments.of("S4→S4D", HissTestSupport.s4S4d(3, 2, 5), 6),
        Arguments.of("Mamba→S4", HissTestSupport.mambaS4(3, 2, 5), 6),
        Arguments.of("three levels", HissTestSupport.threeLevel(3, 2, 5, 2), 3),
        Arguments.of(
            "S5→S4D",
            HissConfig.twoLevel(
                3, 2, LevelConfig.s5(4, 2, 0.1, 2), LevelConfig.s4d(4, 1, 0.1).withStateSize(2), 5),
            6),
        Arguments.of("flat S4D", HissTestSupport.flatS4d(3, 2, 5), 6),
        Arguments.of("flat Mamba", HissTestSupport.flatMamba(3, 2, 4), 5),
        Arguments.of("flat S5", HissTestSupport.flatS5(3, 2, 5), 6));
  }

  /** Δt scales drawn log-uniformly from [0.2, 5]. */
  static float[] irregularDt(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] dt = new float[n];
    for (int i = 0; i < n; i++) {
      dt[i] = (float) Math.exp(Math.log(0.2) + Math.log(25) * r.nextDouble());
    }
    return dt;
  }

  /**
   * Moves every parameter by N(0, 0.3²) (the same draws for equal shapes) so that the kernels'
   * state paths, which a fresh Mamba block barely uses, matter.
   */
  static HissModel perturbed(HissModel model) {
    SplittableRandom r = new SplittableRandom(77);
    for (Parameter p : model.parameters()) {
      float[] v = p.value();
      for (int i = 0; i < v.length; i++) {
        v[i] += (float) (0.3 * r.nextGaussian());
      }
    }
    model.refresh();
    return model;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void dtOfOneReproducesTheModelWithoutDt(String name, HissConfig config, int lOut) {
    HissModel plain = perturbed(new HissModel(config, 21));
    HissModel dt = perturbed(new HissModel(config.withDt(true), 21));
    int length = lOut * config.totalChunk();
    int rows = BATCH * length;
    float[] x = randomFloats(rows * config.inputDim(), 5);
    float[] ones = new float[rows];
    java.util.Arrays.fill(ones, 1f);
    float[] expected = plain.predict(x, BATCH, length);
    float[] same = dt.predict(DtScales.merge(x, ones, rows, config.inputDim()), BATCH, length);
    assertArrayEquals(expected, same, 1e-6f, name + ": Δt ≡ 1");
    float[] other =
        dt.predict(DtScales.merge(x, irregularDt(rows, 6), rows, config.inputDim()), BATCH, length);
    double diff = 0;
    for (int i = 0; i < other.length; i++) {
      diff = Math.max(diff, Math.abs(other[i] - expected[i]));
    }
    assertTrue(diff > 1e-3, name + ": irregular Δt changes the predictions (" + diff + ")");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void streamingEqualsBatchWithIrregularDt(String name, HissConfig base, int lOut) {
    HissConfig config = base.withDt(true);
    HissModel model = new HissModel(config, 21);
    int span = config.totalChunk();
    int length = lOut * span;
    int w = config.inputWidth();
    int dOut = config.outputDim();
    HissStepModel stream = new HissStepModel(model, BATCH);
    assertEquals(w, stream.sampleWidth());
    for (int episode = 0; episode < 2; episode++) {
      int rows = BATCH * length;
      float[] x =
          DtScales.merge(
              randomFloats(rows * config.inputDim(), 10 + episode),
              irregularDt(rows, 20 + episode),
              rows,
              config.inputDim());
      float[] expected = model.predict(x, BATCH, length);
      stream.reset();
      int emitted = 0;
      for (int t = 0; t < length; t++) {
        float[] sample = new float[BATCH * w];
        for (int b = 0; b < BATCH; b++) {
          System.arraycopy(x, (b * length + t) * w, sample, b * w, w);
        }
        float[] y = stream.step(sample);
        int emitAt = config.isFlat() ? 0 : span - 1;
        if (t % span != emitAt) {
          assertNull(y, "no prediction inside a chunk (t = " + t + ")");
          continue;
        }
        assertNotNull(y, "prediction at t = " + t);
        int j = t / span;
        for (int b = 0; b < BATCH; b++) {
          for (int d = 0; d < dOut; d++) {
            assertEquals(
                expected[(b * lOut + j) * dOut + d],
                y[b * dOut + d],
                1e-5,
                name + " episode " + episode + " series " + b + " chunk " + j + " dim " + d);
          }
        }
        emitted++;
      }
      assertEquals(lOut, emitted);
    }
  }

  @Test
  void exportedStateCarriesTheChunkDtSums() {
    HissConfig config = HissTestSupport.threeLevel(2, 1, 3, 2).withDt(true);
    HissModel model = new HissModel(config, 4);
    HissStepModel a = new HissStepModel(model, 1);
    HissModel plainModel = new HissModel(config.withDt(false), 4);
    assertEquals(new HissStepModel(plainModel, 1).stateSize() + 2, a.stateSize());
    float[] dt = irregularDt(24, 7);
    float[] feats = randomFloats(48, 8);
    for (int t = 0; t < 10; t++) {
      a.step(new float[] {feats[2 * t], feats[2 * t + 1], dt[t]});
    }
    HissStepModel b = new HissStepModel(model, 1);
    b.importState(a.exportState());
    for (int t = 10; t < 24; t++) {
      float[] s = {feats[2 * t], feats[2 * t + 1], dt[t]};
      float[] ya = a.step(s);
      float[] yb = b.step(s.clone());
      assertArrayEquals(ya, yb, "t = " + t);
    }
  }

  @Test
  void gradientsMatchFiniteDifferencesWithIrregularDt() {
    for (HissConfig base :
        new HissConfig[] {
          HissTestSupport.s4dMamba(2, 2, 3),
          HissTestSupport.s4S4d(2, 1, 3),
          HissTestSupport.flatS5(2, 1, 3)
        }) {
      HissConfig config = base.withDt(true);
      HissModel model = new HissModel(config, 17);
      int length = 9;
      int rows = BATCH * length;
      float[] feats = randomFloats(rows * 2, 3);
      float[] dt = irregularDt(rows, 4);
      float[] w = randomFloats(BATCH * config.outputLength(length) * config.outputDim(), 5);
      DoubleSupplier loss =
          () -> {
            float[] y =
                model.forward(
                    DtScales.merge(feats, dt, rows, 2), BATCH, length, new SplittableRandom(99));
            double s = 0;
            for (int i = 0; i < y.length; i++) {
              s += (double) w[i] * y[i];
            }
            return s;
          };
      model.zeroGrad();
      model.forward(DtScales.merge(feats, dt, rows, 2), BATCH, length, new SplittableRandom(99));
      float[] dx = model.backward(w.clone());
      float[] dDt = new float[rows];
      float[] dFeats = DtScales.split(dx, rows, 3, dDt);
      assertArrayEquals(new float[rows], dDt, "Δt channel gradient is zero");
      double global = HissModelGradientTest.maxAbs(dx);
      for (Parameter p : model.parameters()) {
        global = Math.max(global, HissModelGradientTest.maxAbs(p.grad()));
      }
      for (Parameter p : model.parameters()) {
        HissModelGradientTest.check(p.name(), p.value(), p.grad().clone(), global, loss);
      }
      HissModelGradientTest.check("input", feats, dFeats, global, loss);
    }
  }

  @Test
  void badDtValuesAndConfigurationsAreRejected() {
    HissConfig config = HissTestSupport.s4dMamba(1, 1, 2).withDt(true);
    HissModel model = new HissModel(config, 1);
    for (float bad : new float[] {0f, -1f, Float.NaN, Float.POSITIVE_INFINITY}) {
      float[] x = DtScales.merge(randomFloats(8, 1), irregularDt(8, 2), 8, 1);
      x[2 * 7 + 1] = bad; // series 1, sample 3
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> model.predict(x, 2, 4));
      assertTrue(
          e.getMessage().contains("Δt scale = " + bad + " at [series 1, sample 3]"),
          e.getMessage());
    }
    IllegalArgumentException wrongWidth =
        assertThrows(IllegalArgumentException.class, () -> model.predict(new float[8], 2, 4));
    assertTrue(wrongWidth.getMessage().contains("Δt channel"), wrongWidth.getMessage());
    HissStepModel stream = new HissStepModel(model, 1);
    IllegalArgumentException step =
        assertThrows(IllegalArgumentException.class, () -> stream.step(new float[] {0.5f, -2f}));
    assertTrue(step.getMessage().contains("Δt scale = -2.0"), step.getMessage());

    IllegalArgumentException lstm =
        assertThrows(
            IllegalArgumentException.class, () -> HissTestSupport.s5Lstm(2, 1, 3).withDt(true));
    assertTrue(lstm.getMessage().contains("dt = true with a LSTM level (levels[1])"));
  }

  @Test
  void modelFileRecordsDtAndOldFilesLoadWithoutIt(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    HissConfig config = HissTestSupport.s4S4d(2, 1, 3).withDt(true);
    HissModel model = new HissModel(config, 9);
    java.nio.file.Path file = dir.resolve("dt.hiss");
    HissModelFile.save(file, model, HissModelFileTest.provenance());
    HissModel back = HissModelFile.load(file);
    assertTrue(back.config().dt());
    assertEquals(config, back.config());
    float[] x = DtScales.merge(randomFloats(36, 3), irregularDt(18, 4), 18, 2);
    assertArrayEquals(model.predict(x, 2, 9), back.predict(x, 2, 9));

    ObjectNode json = HissModelFile.configJson(config);
    assertTrue(json.path("dt").asBoolean());
    json.remove("dt"); // a file written before Δt existed
    assertFalse(HissModelFile.configFromJson(json).dt());
    json.put("dt", "yes");
    JsonNode bad = new ObjectMapper().readTree(json.toString());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HissModelFile.configFromJson(bad));
    assertTrue(e.getMessage().contains("Invalid dt = \"yes\""), e.getMessage());
  }
}
