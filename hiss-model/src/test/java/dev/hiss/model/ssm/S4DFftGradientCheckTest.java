package dev.hiss.model.ssm;

import static dev.hiss.model.ssm.S4DTestSupport.assertRelClose;
import static dev.hiss.model.ssm.S4DTestSupport.dot;
import static dev.hiss.model.ssm.S4DTestSupport.randomFloats;
import static dev.hiss.model.ssm.S4DTestSupport.randomParams;
import static dev.hiss.model.ssm.S4DTestSupport.toDouble;

import dev.hiss.model.ssm.S4DConfig.Discretization;
import dev.hiss.model.ssm.S4DConfig.Init;
import dev.hiss.model.testing.FiniteDifferences;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Central finite differences in double precision against the FFT-convolution backward ({@link
 * S4DFftTwin}: the algorithm of {@link S4DConvolution} in double), for every parameter entry and
 * the input. Loss L = Σ dy·y. The twin's forward is first checked against the recurrent reference.
 */
class S4DFftGradientCheckTest {

  private static final int B = 2;
  private static final int L = 23;
  private static final int H = 2;
  private static final int N = 3;
  private static final double EPS = 1e-6;
  private static final double TOL = 1e-6;

  @ParameterizedTest
  @EnumSource(Discretization.class)
  void fftBackwardMatchesCentralDifferences(Discretization disc) {
    S4DConfig config = new S4DConfig(H, N, 1e-3, 1e-1, Init.LIN, disc);
    S4DParams params = randomParams(config, 41);
    // one mode with a tiny |ΔA| (series branch of the ZOH derivative), one with a large one
    params.aReal[1] = (float) Math.log(1e-3);
    params.aImag[1] = 1e-3f;
    params.logDt[1] = (float) Math.log(2.0);
    S4DReference ref = S4DReference.of(params);
    double[] u = toDouble(randomFloats(B * L * H, 1));
    double[] dy = toDouble(randomFloats(B * L * H, 2));
    assertRelClose(
        ref.forward(u, B, L, null, null, null, null, null),
        S4DFftTwin.forward(ref, u, B, L),
        1e-12,
        "twin forward vs recurrent reference");

    DoubleSupplier loss = () -> dot(dy, S4DFftTwin.forward(ref, u, B, L));
    S4DReference.Gradients g = S4DFftTwin.backward(ref, u, dy, B, L);
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
