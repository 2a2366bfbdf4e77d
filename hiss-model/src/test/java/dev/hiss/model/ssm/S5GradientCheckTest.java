package dev.hiss.model.ssm;

import static dev.hiss.model.ssm.S4DTestSupport.dot;
import static dev.hiss.model.ssm.S4DTestSupport.randomFloats;
import static dev.hiss.model.ssm.S4DTestSupport.toDouble;
import static dev.hiss.model.ssm.S5TestSupport.PTD_EPSILON;
import static dev.hiss.model.ssm.S5TestSupport.randomParams;
import static dev.hiss.model.ssm.S5TestSupport.randomScale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.ssm.S4DConfig.Discretization;
import dev.hiss.model.testing.FiniteDifferences;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Central finite differences in double precision against the reference twin's backward, for every
 * parameter entry, the input and the initial state, with resets and (in some cases) a per-step Δ
 * multiplier. Loss L = Σ dy·y.
 */
class S5GradientCheckTest {

  private static final int B = 2;
  private static final int L = 7;
  private static final int H = 3;
  private static final double EPS = 1e-6;
  private static final double TOL = 1e-6;

  static Stream<Arguments> cases() {
    return Stream.of(
        // disc, conjSym, clipEigs, dtScale, S5-PTD init
        Arguments.of(Discretization.ZOH, true, false, false, false),
        Arguments.of(Discretization.BILINEAR, true, false, false, false),
        Arguments.of(Discretization.ZOH, false, false, true, false),
        Arguments.of(Discretization.BILINEAR, false, true, true, false),
        Arguments.of(Discretization.ZOH, true, true, true, false),
        Arguments.of(Discretization.ZOH, true, false, false, true),
        Arguments.of(Discretization.BILINEAR, false, false, true, true));
  }

  @ParameterizedTest(name = "{0} conj={1} clip={2} dtScale={3} ptd={4}")
  @MethodSource("cases")
  void analyticGradientsMatchCentralDifferences(
      Discretization disc, boolean conj, boolean clip, boolean perStepDt, boolean ptd) {
    S5Config config = new S5Config(H, 4, 1, 1e-3, 1e-1, disc, conj, clip, ptd ? PTD_EPSILON : 0);
    S5Params params = randomParams(config, 21);
    // a mode with a tiny |Δλ| (series branch of the ZOH derivative)
    params.lambdaRe[0] = -1e-3f;
    params.lambdaIm[0] = 1e-3f;
    if (clip) {
      params.lambdaRe[1] = 0.2f; // clamped: must get exactly zero gradient
    }
    S5Reference ref = S5Reference.of(params);
    int mc = config.modes();
    double[] u = toDouble(randomFloats(B * L * H, 1));
    double[] dy = toDouble(randomFloats(B * L * H, 2));
    double[] x0Re = toDouble(randomFloats(B * mc, 3));
    double[] x0Im = toDouble(randomFloats(B * mc, 4));
    double[] scale = perStepDt ? toDouble(randomScale(B * L, 5)) : null;
    boolean[] reset = new boolean[B * L];
    reset[3] = true;
    reset[L] = true; // reset at t = 0 of the second series: its initial state gets no gradient

    DoubleSupplier loss = () -> dot(dy, ref.forward(u, B, L, x0Re, x0Im, reset, scale, null, null));
    S5Reference.Gradients g = ref.backward(u, dy, B, L, x0Re, x0Im, reset, scale);

    for (Map.Entry<String, double[]> e : ref.params.entrySet()) {
      check(e.getKey(), e.getValue(), g.params().get(e.getKey()), loss);
    }
    check("u", u, g.du(), loss);
    check("x0Re", x0Re, g.dInitialRe(), loss);
    check("x0Im", x0Im, g.dInitialIm(), loss);
    for (int m = 0; m < mc; m++) {
      assertTrue(g.dInitialRe()[mc + m] == 0 && g.dInitialIm()[mc + m] == 0, "reset cuts");
    }
    if (clip) {
      assertEquals(0.0, g.params().get("lambdaRe")[1], "clamped Re λ has no gradient");
    }
  }

  /** Perturbs x[i] in place (restoring it) and compares the central difference to grad[i]. */
  private static void check(String name, double[] x, double[] grad, DoubleSupplier loss) {
    FiniteDifferences.check(name, x, grad, loss, EPS, TOL);
  }
}
