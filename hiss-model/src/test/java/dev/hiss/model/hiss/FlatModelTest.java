package dev.hiss.model.hiss;

import static dev.hiss.model.hiss.HissTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The flat baseline's alignment (HISS-MATH §1.1 point 5, {@code pred[:, ::k]}): prediction j is the
 * output at input index k·j, so it sees inputs 0…k·j, while HiSS prediction j sees its whole chunk,
 * inputs 0…k·j + k − 1.
 */
class FlatModelTest {

  private static final int K = 5;
  private static final int LENGTH = 30;

  /** Index of the first prediction that changes when input sample {@code t} changes. */
  private static int firstAffected(HissModel model, int t) {
    float[] x = randomFloats(LENGTH * 2, 3);
    float[] before = model.predict(x, 1, LENGTH);
    x[t * 2] += 1f;
    float[] after = model.predict(x, 1, LENGTH);
    for (int j = 0; j < before.length; j++) {
      if (before[j] != after[j]) {
        return j;
      }
    }
    return -1;
  }

  @Test
  void flatPredictionJIsTheOutputAtInputIndexKj() {
    HissModel flat = new HissModel(HissTestSupport.flatS4d(2, 1, K), 7);
    assertEquals(LENGTH / K, flat.predict(new float[LENGTH * 2], 1, LENGTH).length);
    assertEquals(2, firstAffected(flat, 2 * K), "sample k·j reaches prediction j");
    assertEquals(3, firstAffected(flat, 2 * K + 1), "sample k·j + 1 only reaches j + 1");
    assertEquals(3, firstAffected(flat, 2 * K + K - 1));
    assertEquals(-1, firstAffected(flat, LENGTH - 1), "after the last output index: no effect");
  }

  @Test
  void hissPredictionJSeesItsWholeChunk() {
    HissModel hiss = new HissModel(HissTestSupport.s4dMamba(2, 1, K), 7);
    assertEquals(2, firstAffected(hiss, 2 * K));
    assertEquals(2, firstAffected(hiss, 2 * K + K - 1), "last sample of chunk j reaches j");
    assertEquals(LENGTH / K - 1, firstAffected(hiss, LENGTH - 1));
  }

  @Test
  void flatOutputEqualsTheFullRateLevelAtStrideMultiples() {
    HissModel strided = new HissModel(HissTestSupport.flatS4d(2, 2, K), 9);
    HissModel fullRate = new HissModel(HissTestSupport.flatS4d(2, 2, 1), 9);
    float[] x = randomFloats(LENGTH * 2, 4);
    float[] every = fullRate.predict(x, 1, LENGTH);
    float[] kept = strided.predict(x, 1, LENGTH);
    for (int j = 0; j < LENGTH / K; j++) {
      for (int d = 0; d < 2; d++) {
        assertEquals(every[(j * K) * 2 + d], kept[j * 2 + d], 0f, "prediction " + j);
      }
    }
    assertNotEquals(every[2], kept[2], "prediction 1 is not the output at index 1");
  }

  @Test
  void flatConfigValidation() {
    HissConfig c = HissTestSupport.flatS4d(2, 1, K);
    assertTrue(c.isFlat());
    assertEquals(K, c.totalChunk());
    assertEquals(List.of(K), c.chunks());
    assertThrows(IllegalArgumentException.class, () -> c.outputLength(LENGTH + 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new HissConfig(2, 1, List.of(c.top()), List.of(K, 2)));
  }
}
