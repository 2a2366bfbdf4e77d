package dev.hiss.model.hiss;

import static dev.hiss.model.hiss.HissTestSupport.randomDoubles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.hiss.internal.Gelu;
import dev.hiss.model.hiss.internal.Glu;
import dev.hiss.model.hiss.internal.LayerNorm;
import dev.hiss.model.hiss.internal.Linear;
import dev.hiss.model.testing.FiniteDifferences;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * Central finite differences in double precision against the analytic backward of the building
 * blocks' double cores (which the float layers run), for every entry of every input and parameter.
 * Loss L = Σ w·y with random w.
 */
class BuildingBlocksGradientTest {

  private static final double EPS = 1e-6;
  private static final double TOL = 1e-7;
  private static final int ROWS = 3;

  @Test
  void linearGradientsMatchFiniteDifferences() {
    int in = 4;
    int out = 3;
    double[] x = randomDoubles(ROWS * in, 1);
    double[] w = randomDoubles(out * in, 2);
    double[] b = randomDoubles(out, 3);
    double[] wl = randomDoubles(ROWS * out, 4);
    DoubleSupplier loss =
        () -> {
          double[] y = new double[ROWS * out];
          Linear.forward(x, ROWS, in, w, b, out, y);
          return dot(wl, y);
        };
    double[] dx = new double[x.length];
    double[] dw = new double[w.length];
    double[] db = new double[b.length];
    Linear.backward(x, wl, ROWS, in, w, out, dx, dw, db);
    check("x", x, dx, loss);
    check("W", w, dw, loss);
    check("b", b, db, loss);
  }

  @Test
  void layerNormGradientsMatchFiniteDifferences() {
    int width = 5;
    double[] x = randomDoubles(ROWS * width, 5);
    double[] gamma = randomDoubles(width, 6);
    double[] beta = randomDoubles(width, 7);
    double[] wl = randomDoubles(ROWS * width, 8);
    DoubleSupplier loss =
        () -> {
          double[] y = new double[x.length];
          LayerNorm.forward(x, ROWS, width, gamma, beta, y);
          return dot(wl, y);
        };
    double[] dx = new double[x.length];
    double[] dg = new double[width];
    double[] db = new double[width];
    LayerNorm.backward(x, wl, ROWS, width, gamma, dx, dg, db);
    check("x", x, dx, loss);
    check("gamma", gamma, dg, loss);
    check("beta", beta, db, loss);
  }

  @Test
  void layerNormNormalizesEachRowWithBiasedVariance() {
    double[] x = {1, 2, 3, 4};
    double[] y = new double[4];
    LayerNorm.forward(x, 1, 4, new double[] {1, 1, 1, 1}, new double[4], y);
    double rstd = 1 / Math.sqrt(1.25 + LayerNorm.EPS);
    assertEquals(-1.5 * rstd, y[0], 1e-15);
    assertEquals(1.5 * rstd, y[3], 1e-15);
  }

  @Test
  void geluGradientMatchesFiniteDifferences() {
    double[] x = randomDoubles(20, 9);
    x[0] = 0;
    x[1] = -7;
    x[2] = 5.9;
    double[] wl = randomDoubles(x.length, 10);
    DoubleSupplier loss =
        () -> {
          double[] y = new double[x.length];
          Gelu.forward(x, y);
          return dot(wl, y);
        };
    double[] dx = new double[x.length];
    Gelu.backward(x, wl, dx);
    check("x", x, dx, loss);
  }

  @Test
  void geluIsTheErfFormWithinTheFastErfError() {
    // Reference values: scipy.special.erf and x·Φ(x) (torch.nn.GELU() default, approximate='none').
    assertEquals(0.5204998778130465, Gelu.erf(0.5), 1e-15);
    assertEquals(-0.9953222650189527, Gelu.erf(-2), 1e-15);
    assertEquals(0.9999779095030014, Gelu.erf(3), 1e-15);
    // The model's GELU uses the fast erf (|error| <= 1.5e-7, so gelu within 0.75e-7·|x|).
    assertEquals(0.8413447460685429, Gelu.value(1), 1e-7);
    assertEquals(-0.15865525393145707, Gelu.value(-1), 1e-7);
    assertEquals(1.9544997361036416, Gelu.value(2), 2e-7);
    // The tanh approximation differs at 1e-4 level here: gelu_tanh(1) = 0.8411919906082768.
    assertTrue(Math.abs(Gelu.value(1) - 0.8411919906082768) > 1e-4);
  }

  @Test
  void fastErfIsWithinItsDocumentedErrorEverywhere() {
    double worst = 0;
    double worstDerivative = 0;
    for (int k = -100_000; k <= 100_000; k++) {
      double x = k * 1e-4; // [-10, 10] in steps of 1e-4
      worst = Math.max(worst, Math.abs(Gelu.erfFast(x) - Gelu.erf(x)));
      double exact = 2 / Math.sqrt(Math.PI) * Math.exp(-x * x);
      worstDerivative = Math.max(worstDerivative, Math.abs(Gelu.erfFastDerivative(x) - exact));
    }
    assertTrue(worst <= 1.5e-7, "max |erfFast - erf| = " + worst);
    assertTrue(worst > 1e-8, "the approximation is not the series: " + worst);
    assertTrue(worstDerivative < 1e-5, "max |erfFast' - erf'| = " + worstDerivative);
    assertEquals(0, Gelu.erfFast(0), 1e-8);
    assertEquals(-Gelu.erfFast(0.7), Gelu.erfFast(-0.7), 0, "odd");
    assertEquals(1, Gelu.erfFast(30), 0);
    assertEquals(-1, Gelu.erfFast(Double.NEGATIVE_INFINITY), 0);
    assertTrue(Double.isNaN(Gelu.erfFast(Double.NaN)));
  }

  @Test
  void fastErfDerivativeMatchesFiniteDifferencesOfFastErf() {
    for (double x = -4; x <= 4; x += 0.37) {
      double h = 1e-6;
      double fd = (Gelu.erfFast(x + h) - Gelu.erfFast(x - h)) / (2 * h);
      assertEquals(fd, Gelu.erfFastDerivative(x), 1e-8, "x = " + x);
    }
  }

  @Test
  void floatGeluMatchesTheDoubleCore() {
    float[] x = {-5f, -1.3f, -0.2f, 0f, 0.4f, 1f, 2.5f, 7f};
    float[] y = new float[x.length];
    Gelu.apply(x, y, x.length);
    float[] batch = Gelu.forward(x);
    for (int i = 0; i < x.length; i++) {
      assertEquals((float) Gelu.value(x[i]), y[i], 0, "step path");
      assertEquals(y[i], batch[i], 0, "step and batch use the same function");
    }
  }

  @Test
  void gluGradientMatchesFiniteDifferences() {
    int half = 3;
    double[] z = randomDoubles(ROWS * 2 * half, 11);
    double[] wl = randomDoubles(ROWS * half, 12);
    DoubleSupplier loss =
        () -> {
          double[] y = new double[ROWS * half];
          Glu.forward(z, ROWS, half, y);
          return dot(wl, y);
        };
    double[] dz = new double[z.length];
    Glu.backward(z, wl, ROWS, half, dz);
    check("z", z, dz, loss);
    double[] y = new double[1];
    Glu.forward(new double[] {2, 0}, 1, 1, y);
    assertEquals(1.0, y[0], 1e-15, "GLU = a·σ(b): first half is the value, second the gate");
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void check(String name, double[] x, double[] grad, DoubleSupplier loss) {
    FiniteDifferences.check(name, x, grad, loss, EPS, TOL);
  }
}
