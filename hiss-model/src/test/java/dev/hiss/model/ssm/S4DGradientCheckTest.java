package dev.hiss.model.ssm;

import static dev.hiss.model.ssm.S4DTestSupport.dot;
import static dev.hiss.model.ssm.S4DTestSupport.randomFloats;
import static dev.hiss.model.ssm.S4DTestSupport.randomParams;
import static dev.hiss.model.ssm.S4DTestSupport.toDouble;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.ssm.S4DConfig.Discretization;
import dev.hiss.model.ssm.S4DConfig.Init;
import dev.hiss.model.testing.FiniteDifferences;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Central finite differences in double precision against the reference twin's backward, for every
 * parameter entry, the input and the initial state, with resets. Loss L = Σ dy·y.
 */
class S4DGradientCheckTest {

  private static final int B = 2;
  private static final int L = 9;
  private static final int H = 2;
  private static final int N = 3;
  private static final double EPS = 1e-6;
  private static final double TOL = 1e-6;

  @ParameterizedTest
  @EnumSource(Discretization.class)
  void analyticGradientsMatchCentralDifferences(Discretization disc) {
    S4DConfig config = new S4DConfig(H, N, 1e-3, 1e-1, Init.LIN, disc);
    S4DParams params = randomParams(config, 21);
    // one mode with a tiny |ΔA| (series branch of the ZOH derivative), one with a large one
    params.aReal[1] = (float) Math.log(1e-3);
    params.aImag[1] = 1e-3f;
    params.logDt[1] = (float) Math.log(2.0);
    S4DReference ref = S4DReference.of(params);
    double[] u = toDouble(randomFloats(B * L * H, 1));
    double[] dy = toDouble(randomFloats(B * L * H, 2));
    double[] x0Re = toDouble(randomFloats(B * H * N, 3));
    double[] x0Im = toDouble(randomFloats(B * H * N, 4));
    boolean[] reset = new boolean[B * L];
    reset[4] = true;
    reset[L] = true; // reset at t = 0 of the second series: its initial state gets no gradient

    ToDoubleFunction<S4DReference> loss =
        r -> dot(dy, r.forward(u, B, L, x0Re, x0Im, reset, null, null));
    S4DReference.Gradients g = ref.backward(u, dy, B, L, x0Re, x0Im, reset);

    for (Map.Entry<String, double[]> e : ref.params.entrySet()) {
      check(e.getKey(), e.getValue(), g.params().get(e.getKey()), () -> loss.applyAsDouble(ref));
    }
    check("u", u, g.du(), () -> loss.applyAsDouble(ref));
    check("x0Re", x0Re, g.dInitialRe(), () -> loss.applyAsDouble(ref));
    check("x0Im", x0Im, g.dInitialIm(), () -> loss.applyAsDouble(ref));
    for (int h = 0; h < H; h++) {
      for (int n = 0; n < N; n++) {
        int i = (B - 1) * H * N + h * N + n;
        assertTrue(g.dInitialRe()[i] == 0 && g.dInitialIm()[i] == 0, "reset cuts the gradient");
      }
    }
  }

  /** Perturbs x[i] in place (restoring it) and compares the central difference to grad[i]. */
  private static void check(
      String name, double[] x, double[] grad, java.util.function.DoubleSupplier loss) {
    FiniteDifferences.check(name, x, grad, loss, EPS, TOL);
  }
}
