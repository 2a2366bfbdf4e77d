package dev.hiss.forecasting.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hiss.model.io.Provenance;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinearAutoregressionTest {
  @TempDir Path dir;

  /** x[t] = 0.3 + 0.6 x[t-1] - 0.2 x[t-2] + 0.1 x[t-3] + e[t]. */
  private static double[] ar3(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[n];
    for (int t = 3; t < n; t++) {
      x[t] = 0.3 + 0.6 * x[t - 1] - 0.2 * x[t - 2] + 0.1 * x[t - 3] + r.nextGaussian();
    }
    return x;
  }

  @Test
  void leastSquaresRecoversTheGeneratingProcess() {
    LinearAutoregression m =
        LinearAutoregression.fitLeastSquares(
            "x", new double[][] {ar3(1, 40_000), ar3(2, 40_000)}, 3, 1);
    assertEquals(0.3, m.intercept(), 0.03);
    assertArrayEquals(new double[] {0.6, -0.2, 0.1}, m.coefficients(), 0.02);
  }

  @Test
  void noiseFreeSeriesAreFitExactly() {
    double[] x = new double[50];
    x[0] = 1;
    x[1] = 2;
    for (int t = 2; t < x.length; t++) {
      x[t] = 0.5 + 0.9 * x[t - 1] - 0.4 * x[t - 2];
    }
    LinearAutoregression m = LinearAutoregression.fitLeastSquares("x", new double[][] {x}, 2, 1);
    assertEquals(0.5, m.intercept(), 1e-9);
    assertArrayEquals(new double[] {0.9, -0.4}, m.coefficients(), 1e-9);
    assertEquals(x[20], m.predict(x, 19), 1e-9);
  }

  @Test
  void ringAndArrayPredictionsAgree() {
    LinearAutoregression m =
        new LinearAutoregression("x", 4, 2, 0.1, new double[] {0.4, 0.3, -0.2, 0.05});
    double[] x = ar3(3, 20);
    double[] ring = new double[4];
    int head = -1;
    for (int t = 0; t < x.length; t++) {
      head = (head + 1) % 4;
      ring[head] = x[t];
      if (t >= 3) {
        assertEquals(m.predict(x, t), m.predictFromRing(ring, head), 1e-12);
      }
    }
  }

  @Test
  void saveLoadRoundTrip() throws Exception {
    LinearAutoregression m =
        new LinearAutoregression("ecg_mV", 3, 5, -0.01, new double[] {1.1, -0.3, 0.07});
    Path f = dir.resolve("ar.json");
    m.save(
        f,
        new Provenance(
            Map.of("k", "v"), 1, "", "", "test", Provenance.currentCodeVersion(), "now"));
    assertEquals(m, LinearAutoregression.load(f));
  }

  @Test
  void invalidHyperParametersNameTheField() {
    IllegalArgumentException ex =
        assertThrows(
            IllegalArgumentException.class,
            () -> new LinearAutoregression("x", 0, 1, 0, new double[0]));
    assertEquals("Invalid order = 0; must be >= 1", ex.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new LinearAutoregression("x", 2, 1, 0, new double[] {1, Double.NaN}));
    assertThrows(
        IllegalArgumentException.class,
        () -> LinearAutoregression.fitLeastSquares("x", new double[][] {new double[30]}, 2, 1));
  }
}
