package dev.hiss.model.ssm;

import static dev.hiss.model.ssm.S4DTestSupport.dot;
import static dev.hiss.model.ssm.S4DTestSupport.randomFloats;
import static dev.hiss.model.ssm.S4DTestSupport.toDouble;
import static dev.hiss.model.ssm.S4TestSupport.randomParams;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.testing.FiniteDifferences;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * Central finite differences in double precision against the dense reference twin's backward, for
 * every parameter entry, the input and the initial state, with resets. Loss L = Σ dy·y. (The fast
 * layer's gradients are held to the reference by {@link S4LayerParityTest}.)
 */
class S4GradientCheckTest {

  private static final int B = 2;
  private static final int L = 9;
  private static final int H = 2;
  private static final int N = 3;
  private static final double EPS = 1e-6;
  private static final double TOL = 1e-6;

  @Test
  void analyticGradientsMatchCentralDifferences() {
    S4Params params = randomParams(S4Config.defaults(H, N), 21);
    params.logDt[1] = (float) Math.log(2.0); // a large step: far from the small-Δ regime
    S4Reference ref = S4Reference.of(params);
    double[] u = toDouble(randomFloats(B * L * H, 1));
    double[] dy = toDouble(randomFloats(B * L * H, 2));
    double[] x0Re = toDouble(randomFloats(B * H * N, 3));
    double[] x0Im = toDouble(randomFloats(B * H * N, 4));
    boolean[] reset = new boolean[B * L];
    reset[4] = true;
    reset[L] = true; // reset at t = 0 of the second series: its initial state gets no gradient

    DoubleSupplier loss = () -> dot(dy, ref.forward(u, B, L, x0Re, x0Im, reset, null, null));
    S4Reference.Gradients g = ref.backward(u, dy, B, L, x0Re, x0Im, reset);

    for (Map.Entry<String, double[]> e : ref.params.entrySet()) {
      check(e.getKey(), e.getValue(), g.params().get(e.getKey()), loss);
    }
    check("u", u, g.du(), loss);
    check("x0Re", x0Re, g.dInitialRe(), loss);
    check("x0Im", x0Im, g.dInitialIm(), loss);
    for (int i = (B - 1) * H * N; i < B * H * N; i++) {
      assertTrue(g.dInitialRe()[i] == 0 && g.dInitialIm()[i] == 0, "reset cuts the gradient");
    }
  }

  /** Perturbs x[i] in place (restoring it) and compares the central difference to grad[i]. */
  private static void check(String name, double[] x, double[] grad, DoubleSupplier loss) {
    FiniteDifferences.check(name, x, grad, loss, EPS, TOL);
  }
}
