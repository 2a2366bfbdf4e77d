package dev.hiss.model.hiss;

import static dev.hiss.model.hiss.HissTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Streaming one raw sample at a time (LL state reset per chunk, HL state persistent) reproduces the
 * batch forward within 1e-5 at every chunk boundary, for two consecutive episodes separated by
 * {@link HissStepModel#reset()}, and emits nothing between boundaries.
 */
class HissStepModelTest {

  private static final int BATCH = 2;

  static Stream<Arguments> configs() {
    return Stream.of(
        Arguments.of("S4D→Mamba", HissTestSupport.s4dMamba(3, 2, 5), 6),
        Arguments.of("S4→S4D", HissTestSupport.s4S4d(3, 2, 5), 6),
        Arguments.of("Mamba→S4", HissTestSupport.mambaS4(3, 2, 5), 6),
        Arguments.of("three levels", HissTestSupport.threeLevel(3, 2, 5, 2), 3),
        Arguments.of("preset tiny", HissPresets.preset("tiny", 3, 2), 4),
        Arguments.of("preset small-s4-mamba", HissPresets.preset("small-s4-mamba", 3, 2), 3),
        Arguments.of("flat S4D", HissTestSupport.flatS4d(3, 2, 5), 6),
        Arguments.of("flat Mamba", HissTestSupport.flatMamba(3, 2, 4), 5),
        Arguments.of("S5→LSTM", HissTestSupport.s5Lstm(3, 2, 5), 6),
        Arguments.of("LSTM→S5", HissTestSupport.lstmS5(3, 2, 5), 6),
        Arguments.of("flat S5", HissTestSupport.flatS5(3, 2, 5), 6),
        Arguments.of("flat LSTM", HissTestSupport.flatLstm(3, 2, 4), 5),
        Arguments.of("Transformer→S4D", HissTestSupport.transformerS4d(3, 2, 5), 6),
        Arguments.of("LSTM→Transformer", HissTestSupport.lstmTransformer(3, 2, 5), 6),
        Arguments.of("flat Transformer", HissTestSupport.flatTransformer(3, 2, 4), 5),
        Arguments.of(
            "Transformer with dropout→S4D", HissTestSupport.transformerDropoutS4d(3, 2, 5), 6));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void streamingEqualsBatchForward(String name, HissConfig config, int lOut) {
    HissModel model = new HissModel(config, 21);
    int span = config.totalChunk();
    int length = lOut * span;
    int dIn = config.inputDim();
    int dOut = config.outputDim();
    HissStepModel stream = new HissStepModel(model, BATCH);
    for (int episode = 0; episode < 2; episode++) {
      float[] x = randomFloats(BATCH * length * dIn, 10 + episode);
      float[] expected = model.predict(x, BATCH, length);
      stream.reset();
      int emitted = 0;
      for (int t = 0; t < length; t++) {
        float[] sample = new float[BATCH * dIn];
        for (int b = 0; b < BATCH; b++) {
          System.arraycopy(x, (b * length + t) * dIn, sample, b * dIn, dIn);
        }
        float[] y = stream.step(sample);
        // HiSS emits at the last sample of each chunk, a flat model at the first (pred[:, ::k]).
        int emitAt = config.isFlat() ? 0 : span - 1;
        if (t % span != emitAt) {
          assertNull(y, "no prediction inside a chunk (t = " + t + ")");
          continue;
        }
        assertNotNull(y, "prediction at the chunk boundary t = " + t);
        int j = t / span;
        for (int b = 0; b < BATCH; b++) {
          for (int d = 0; d < dOut; d++) {
            assertEquals(
                expected[(b * lOut + j) * dOut + d],
                y[b * dOut + d],
                1e-5,
                "episode " + episode + " series " + b + " chunk " + j + " dim " + d);
          }
        }
        emitted++;
      }
      assertEquals(lOut, emitted);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void rejectsWrongSampleWidth(String name, HissConfig config, int lOut) {
    HissStepModel stream = new HissStepModel(new HissModel(config, 1), BATCH);
    assertThrows(IllegalArgumentException.class, () -> stream.step(new float[BATCH * 7 + 1]));
  }
}
