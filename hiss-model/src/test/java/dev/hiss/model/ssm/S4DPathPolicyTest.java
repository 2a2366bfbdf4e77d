package dev.hiss.model.ssm;

import static dev.hiss.model.ssm.S4DTestSupport.randomFloats;
import static dev.hiss.model.ssm.S4DTestSupport.randomParams;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.ssm.S4DPathPolicy.Mode;
import dev.hiss.model.ssm.S4DPathPolicy.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Validation of {@link S4DPathPolicy} and the documented dispatch rule of {@link S4DLayer}. */
class S4DPathPolicyTest {

  @Test
  void rejectsInvalidFieldsNamingThem() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new S4DPathPolicy(Mode.AUTO, -1, 1, 1));
    assertEquals("Invalid scanNs = -1.0; must be > 0 and finite", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new S4DPathPolicy(Mode.AUTO, 1, Double.NaN, 1));
    assertEquals("Invalid fftNs = NaN; must be > 0 and finite", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new S4DPathPolicy(Mode.AUTO, 1, 1, Double.POSITIVE_INFINITY));
    assertEquals("Invalid kernelNs = Infinity; must be > 0 and finite", e.getMessage());
    NullPointerException n =
        assertThrows(NullPointerException.class, () -> new S4DPathPolicy(null, 1, 1, 1));
    assertTrue(n.getMessage().startsWith("Invalid mode = null"));
    e = assertThrows(IllegalArgumentException.class, () -> S4DPathPolicy.AUTO.choose(0, 10, 4));
    assertEquals("Invalid batch/length/stateSize = 0/10/4; must be > 0", e.getMessage());
  }

  @Test
  void autoPicksTheCheaperEstimate() {
    S4DPathPolicy p = S4DPathPolicy.AUTO;
    // the benchmark shape (B = 16, L = 2048, N = 32) and single short series with few modes
    assertEquals(Path.FFT, p.choose(16, 2048, 32));
    assertEquals(Path.SCAN, p.choose(1, 1024, 4));
    assertEquals(Path.SCAN, p.choose(16, 4096, 4));
    assertEquals(Path.FFT, p.choose(1, 4096, 64));
    for (int b : new int[] {1, 4, 16}) {
      for (int n : new int[] {2, 8, 32}) {
        for (int l : new int[] {1, 10, 100, 1000, 5000}) {
          Path expected = p.fftCost(b, l, n) < p.scanCost(b, l, n) ? Path.FFT : Path.SCAN;
          assertEquals(expected, p.choose(b, l, n), "B=" + b + " L=" + l + " N=" + n);
        }
      }
    }
    assertEquals(Path.SCAN, S4DPathPolicy.SCAN.choose(16, 2048, 32));
    assertEquals(Path.FFT, S4DPathPolicy.FFT.choose(1, 1, 1));
  }

  @Test
  void resetsAndNonZeroInitialStatesAlwaysScan() {
    S4DConfig c = S4DConfig.defaults(2, 32);
    S4DLayer fft = new S4DLayer(S4DParams.initialize(c, 1), S4DPathPolicy.FFT);
    S4DState zero = fft.initialState(16);
    assertEquals(Path.FFT, fft.pathFor(16, 2048, null, null));
    assertEquals(Path.FFT, fft.pathFor(16, 2048, zero, null));
    assertEquals(Path.SCAN, fft.pathFor(16, 2048, null, new boolean[16 * 2048]));
    S4DState warm = zero.copy();
    warm.im[5] = 1e-30f;
    assertEquals(Path.SCAN, fft.pathFor(16, 2048, warm, null));
    S4DLayer auto = new S4DLayer(S4DParams.initialize(c, 1));
    assertEquals(S4DPathPolicy.AUTO, auto.policy());
    assertEquals(Path.FFT, auto.pathFor(16, 2048, null, null));
    assertEquals(Path.SCAN, auto.pathFor(16, 2048, warm, null));
  }

  @Test
  void autoLayerRunsTheChosenPath() {
    // outputs of the two paths differ in the last bits: AUTO's output identifies the path it ran
    int length = 300;
    // (B, N) = (1, 4): the scan is cheaper; (8, 32): the FFT is
    int[][] cases = {{1, 4, 0}, {8, 32, 1}};
    for (int[] k : cases) {
      int batch = k[0];
      S4DConfig c = S4DConfig.defaults(3, k[1]);
      S4DParams params = randomParams(c, 9);
      S4DLayer auto = new S4DLayer(params);
      Path expected = k[2] == 1 ? Path.FFT : Path.SCAN;
      assertEquals(expected, S4DPathPolicy.AUTO.choose(batch, length, k[1]));
      assertEquals(expected, auto.pathFor(batch, length, null, null));
      float[] u = randomFloats(batch * length * 3, 2);
      float[] yAuto = new float[u.length];
      float[] yScan = new float[u.length];
      float[] yFft = new float[u.length];
      auto.forward(u, batch, length, yAuto);
      new S4DLayer(params, S4DPathPolicy.SCAN).forward(u, batch, length, yScan);
      new S4DLayer(params, S4DPathPolicy.FFT).forward(u, batch, length, yFft);
      assertFalse(Arrays.equals(yScan, yFft));
      assertArrayEquals(expected == Path.FFT ? yFft : yScan, yAuto, "B=" + batch);
    }
  }
}
