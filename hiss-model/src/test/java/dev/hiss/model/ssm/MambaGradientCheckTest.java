package dev.hiss.model.ssm;

import static dev.hiss.model.ssm.MambaTestSupport.config;
import static dev.hiss.model.ssm.MambaTestSupport.randomParams;
import static dev.hiss.model.ssm.S4DTestSupport.dot;
import static dev.hiss.model.ssm.S4DTestSupport.randomFloats;
import static dev.hiss.model.ssm.S4DTestSupport.toDouble;

import dev.hiss.model.testing.FiniteDifferences;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Central finite differences in double precision against the reference twin's backpropagation
 * through time, for every entry of every parameter and of the input, with an initial state and
 * resets (including one at t = 0, which cuts the initial state off). Loss L = Σ w·y.
 */
class MambaGradientCheckTest {

  private static final int B = 2;
  private static final int L = 7;
  private static final int D = 3;
  private static final double EPS = 1e-6;
  private static final double TOL = 1e-6;

  @ParameterizedTest(name = "dConv={0}")
  @ValueSource(ints = {4, 2})
  void analyticGradientsMatchCentralDifferences(int dConv) {
    MambaConfig config = config(D, 3, dConv, 2, 2);
    MambaParams params = randomParams(config, 41);
    params.dtProjBias[0] = 21f; // softplus identity branch (threshold 20)
    MambaReference ref = MambaReference.of(params);
    double[] u = toDouble(randomFloats(B * L * D, 1));
    double[] w = toDouble(randomFloats(B * L * D, 2));
    MambaState s0 = MambaTestSupport.randomState(B, config, 3);
    double[] ssm0 = toDouble(s0.ssm);
    double[] conv0 = toDouble(s0.conv);
    boolean[] reset = new boolean[B * L];
    reset[4] = true;
    reset[L] = true;

    DoubleSupplier loss = () -> dot(w, ref.forward(u, B, L, ssm0, conv0, reset, null, null));
    MambaReference.Gradients g = ref.backward(u, w, B, L, ssm0, conv0, reset);
    for (Map.Entry<String, double[]> e : ref.params.entrySet()) {
      check(e.getKey(), e.getValue(), g.params().get(e.getKey()), loss);
    }
    check("u", u, g.du(), loss);
  }

  /** Perturbs x[i] in place (restoring it) and compares the central difference to grad[i]. */
  private static void check(String name, double[] x, double[] grad, DoubleSupplier loss) {
    FiniteDifferences.check(name, x, grad, loss, EPS, TOL);
  }
}
