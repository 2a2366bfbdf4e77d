package dev.hiss.model.hiss;

import static dev.hiss.model.hiss.HissTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chunk structure of HiSS: prediction j uses raw samples up to the end of chunk j only, and the
 * LL feature of a chunk depends on that chunk alone (LL state reset per chunk). Checked bit for bit
 * for every kernel type as LL and as HL.
 */
class HissChunkResetTest {

  private static final int BATCH = 2;

  static Stream<Arguments> configs() {
    return Stream.of(
        Arguments.of("S4D→Mamba", HissTestSupport.s4dMamba(2, 2, 5)),
        Arguments.of("S4→S4D", HissTestSupport.s4S4d(2, 2, 5)),
        Arguments.of("Mamba→S4", HissTestSupport.mambaS4(2, 2, 5)),
        Arguments.of("S5→LSTM", HissTestSupport.s5Lstm(2, 2, 5)),
        Arguments.of("LSTM→S5", HissTestSupport.lstmS5(2, 2, 5)),
        Arguments.of("Transformer→S4D", HissTestSupport.transformerS4d(2, 2, 5)),
        Arguments.of("LSTM→Transformer", HissTestSupport.lstmTransformer(2, 2, 5)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void changingChunkJChangesNoEarlierPrediction(String name, HissConfig config) {
    int k = config.chunks().get(0);
    int lc = 4;
    int length = lc * k;
    HissModel model = new HissModel(config, 5);
    float[] x = randomFloats(BATCH * length * 2, 1);
    float[] y = model.predict(x, BATCH, length);
    for (int j = 0; j < lc; j++) {
      float[] x2 = x.clone();
      for (int b = 0; b < BATCH; b++) {
        for (int t = j * k; t < (j + 1) * k; t++) {
          x2[(b * length + t) * 2] += 1.5f;
        }
      }
      float[] y2 = model.predict(x2, BATCH, length);
      for (int b = 0; b < BATCH; b++) {
        int from = b * lc * 2;
        assertArrayEquals(
            Arrays.copyOfRange(y, from, from + j * 2),
            Arrays.copyOfRange(y2, from, from + j * 2),
            "predictions before chunk " + j + " changed");
        assertFalse(
            Arrays.equals(
                Arrays.copyOfRange(y, from + j * 2, from + j * 2 + 2),
                Arrays.copyOfRange(y2, from + j * 2, from + j * 2 + 2)),
            "prediction of the changed chunk " + j + " did not change");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void lowLevelFeatureOfAChunkDependsOnThatChunkAlone(String name, HissConfig config) {
    int k = config.chunks().get(0);
    int lc = 3;
    int length = lc * k;
    int h = config.levels().get(1).width();
    HissModel model = new HissModel(config, 6);
    float[] x = randomFloats(length * 2, 2);
    float[] f = model.chunkFeatures(x, 1, length, 1);
    assertEquals(lc * h, f.length);
    // Different history before the last chunk: the last chunk's feature is unchanged.
    float[] x2 = x.clone();
    for (int i = 0; i < (lc - 1) * k * 2; i++) {
      x2[i] = -3 * x2[i] + 1;
    }
    float[] f2 = model.chunkFeatures(x2, 1, length, 1);
    float[] last = Arrays.copyOfRange(f, (lc - 1) * h, lc * h);
    assertArrayEquals(last, Arrays.copyOfRange(f2, (lc - 1) * h, lc * h));
    assertFalse(Arrays.equals(Arrays.copyOf(f, h), Arrays.copyOf(f2, h)));
    // Each chunk run alone as a one-chunk sequence gives the same feature.
    for (int j = 0; j < lc; j++) {
      float[] chunk = Arrays.copyOfRange(x, j * k * 2, (j + 1) * k * 2);
      assertArrayEquals(
          Arrays.copyOfRange(f, j * h, (j + 1) * h),
          model.chunkFeatures(chunk, 1, k, 1),
          "chunk " + j);
    }
  }

  @ParameterizedTest(name = "k1={0}")
  @MethodSource("threeLevelChunks")
  void threeLevelsRespectBothChunkSizes(int k1) {
    HissConfig config = HissTestSupport.threeLevel(2, 1, 3, k1);
    int span = 3 * k1;
    int lOut = 3;
    int length = lOut * span;
    HissModel model = new HissModel(config, 8);
    float[] x = randomFloats(length * 2, 3);
    float[] y = model.predict(x, 1, length);
    assertEquals(lOut, y.length);
    float[] x2 = x.clone();
    x2[(span + 1) * 2] += 2f; // a sample inside top-level chunk 1
    float[] y2 = model.predict(x2, 1, length);
    assertEquals(y[0], y2[0], 0f, "prediction 0 must not see chunk 1");
    assertFalse(y[1] == y2[1], "prediction 1 must see its own chunk");
    // Level-2 features: the middle level resets every k1 level-1 features.
    float[] f = model.chunkFeatures(x, 1, length, 2);
    float[] f2 = model.chunkFeatures(x2, 1, length, 2);
    int h2 = config.levels().get(2).width();
    assertArrayEquals(Arrays.copyOf(f, h2), Arrays.copyOf(f2, h2));
    assertArrayEquals(
        Arrays.copyOfRange(f, 2 * h2, 3 * h2), Arrays.copyOfRange(f2, 2 * h2, 3 * h2));
  }

  static Stream<Integer> threeLevelChunks() {
    return Stream.of(1, 2);
  }
}
