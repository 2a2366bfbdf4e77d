package dev.hiss.model.hiss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stream whose state is exported after any sample and imported into a fresh step model (as the
 * scorer does per device between records) continues bit-identically to an uninterrupted stream.
 */
class HissStepStateTest {
  private static float[] sample(SplittableRandom r, int d) {
    float[] x = new float[d];
    for (int i = 0; i < d; i++) {
      x[i] = (float) (r.nextGaussian() * 5 + 3);
    }
    return x;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "tiny",
        "small-s4-mamba",
        "small-s4",
        "three-level",
        "small-s5",
        "small-lstm",
        "small-transformer"
      })
  void exportImportContinuesExactly(String preset) {
    int rawDim = 2;
    HissModel model = new HissModel(HissPresets.preset(preset, 2 * rawDim, 1), 7);
    HissPreprocessing pre =
        new HissPreprocessing(
            rawDim,
            true,
            3000,
            new float[] {3, 3, 0, 0},
            new float[] {5, 5, 1, 1},
            new float[] {1},
            new float[] {2});
    SplittableRandom r = new SplittableRandom(3);
    List<float[]> xs = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      xs.add(sample(r, rawDim));
    }
    HissStepModel whole = new HissStepModel(model, pre, 1);
    List<float[]> expected = new ArrayList<>();
    for (float[] x : xs) {
      expected.add(whole.step(x));
    }
    // every sample in a fresh model restored from the previous sample's exported state
    HissStepModel carrier = new HissStepModel(model, pre, 1);
    float[] state = carrier.exportState();
    for (int i = 0; i < xs.size(); i++) {
      HissStepModel fresh = new HissStepModel(model, pre, 1);
      fresh.importState(state);
      float[] y = fresh.step(xs.get(i));
      if (expected.get(i) == null) {
        assertNull(y, "sample " + i);
      } else {
        assertArrayEquals(expected.get(i), y, "sample " + i);
      }
      state = fresh.exportState();
    }
    assertEquals(carrier.stateSize(), state.length);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny"})
  void badStatesAreRefused(String preset) {
    HissModel model = new HissModel(HissPresets.preset(preset, 1, 1), 1);
    HissStepModel m = new HissStepModel(model, 1);
    assertThrows(IllegalArgumentException.class, () -> m.importState(new float[3]));
    float[] s = m.exportState();
    s[0] = 99; // a chunk counter beyond its chunk
    assertThrows(IllegalArgumentException.class, () -> m.importState(s));
    assertThrows(IllegalStateException.class, () -> new HissStepModel(model, 2).exportState());
  }
}
