package dev.hiss.model.ssm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Accuracy of the cancellation-free complex expm1 and of φ1, φ1' near zero. */
class ComplexMathTest {

  /** Σ_{k<terms} z^k·c_k by Horner, c_k from the given function of k. */
  private static Complex series(Complex z, java.util.function.IntToDoubleFunction coef) {
    Complex sum = Complex.ZERO;
    for (int k = 30; k >= 0; k--) {
      sum = sum.times(z).plus(Complex.real(coef.applyAsDouble(k)));
    }
    return sum;
  }

  private static double factorial(int k) {
    double f = 1;
    for (int i = 2; i <= k; i++) {
      f *= i;
    }
    return f;
  }

  private static void assertRel(Complex expected, Complex actual, double tol, String what) {
    double err = expected.minus(actual).abs() / expected.abs();
    assertEquals(0.0, err, tol, what + ": expected " + expected + " got " + actual);
  }

  @Test
  void expm1KeepsFullRelativePrecisionForTinyArguments() {
    for (double mag : new double[] {1e-12, 1e-9, 1e-6, 1e-3, 0.3}) {
      for (double angle : new double[] {0.1, 1.0, 2.0, 3.0}) {
        Complex z = new Complex(-mag * Math.cos(angle), mag * Math.sin(angle));
        // e^z − 1 = z·Σ z^k/(k+1)!
        Complex expected = z.times(series(z, k -> 1.0 / factorial(k + 1)));
        assertRel(expected, z.expm1(), 1e-14, "expm1(" + z + ")");
        assertRel(expected.div(z), ModeMath.phi1(z), 1e-14, "phi1(" + z + ")");
        Complex phi1Prime = series(z, k -> (k + 1) / factorial(k + 2));
        assertRel(phi1Prime, ModeMath.phi1Prime(z), 1e-13, "phi1'(" + z + ")");
      }
    }
    // large |z|: closed forms
    Complex z = new Complex(-0.7, 5.0);
    assertRel(z.exp().minus(Complex.ONE), z.expm1(), 1e-14, "expm1 large");
    Complex expected = z.times(z.exp()).minus(z.exp().minus(Complex.ONE)).div(z.times(z));
    assertRel(expected, ModeMath.phi1Prime(z), 1e-13, "phi1' large");
  }
}
