package dev.hiss.model.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleSupplier;

/** The central-difference gradient check shared by the double-precision gradient tests. */
public final class FiniteDifferences {
  private FiniteDifferences() {}

  /**
   * Perturbs every {@code x[i]} by ±{@code eps} in place (restoring it) and requires the central
   * difference of {@code loss} to match {@code grad[i]} within {@code tol}, relative to the largest
   * |gradient| (at least 1e-3). A gradient that is identically zero fails: it would pass any loss.
   *
   * @param name what is checked, for the failure message
   * @param x the parameter or input, perturbed in place
   * @param grad the analytic gradient of {@code loss} with respect to {@code x}, same length
   * @param loss the scalar loss, read after each perturbation
   */
  public static void check(
      String name, double[] x, double[] grad, DoubleSupplier loss, double eps, double tol) {
    double scale = 0;
    for (double v : grad) {
      scale = Math.max(scale, Math.abs(v));
    }
    assertTrue(scale > 0, name + ": gradient is identically zero");
    for (int i = 0; i < x.length; i++) {
      double keep = x[i];
      x[i] = keep + eps;
      double lp = loss.getAsDouble();
      x[i] = keep - eps;
      double lm = loss.getAsDouble();
      x[i] = keep;
      double fd = (lp - lm) / (2 * eps);
      double err = Math.abs(fd - grad[i]) / Math.max(scale, 1e-3);
      assertTrue(
          err < tol,
          name
              + "["
              + i
              + "]: analytic "
              + grad[i]
              + " vs finite difference "
              + fd
              + " ("
              + err
              + ")");
    }
  }
}
