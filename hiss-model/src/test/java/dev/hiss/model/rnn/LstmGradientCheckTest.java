package dev.hiss.model.rnn;

import static dev.hiss.model.rnn.LstmTestSupport.dot;
import static dev.hiss.model.rnn.LstmTestSupport.randomFloats;
import static dev.hiss.model.rnn.LstmTestSupport.randomParams;
import static dev.hiss.model.rnn.LstmTestSupport.toDouble;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hiss.model.testing.FiniteDifferences;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Central finite differences in double precision against the reference twin's backward, for every
 * parameter entry, the input and the initial h and c, with resets (one at t = 0, whose initial
 * state must get exactly zero gradient). Loss L = Σ dy·y.
 */
class LstmGradientCheckTest {

  private static final int B = 2;
  private static final int L = 7;
  private static final double EPS = 1e-6;
  private static final double TOL = 1e-6;

  @ParameterizedTest(name = "I={0} H={1}")
  @CsvSource({"3, 4", "1, 2", "5, 3"})
  void analyticGradientsMatchCentralDifferences(int in, int hid) {
    LstmConfig config = LstmConfig.defaults(in, hid);
    LstmReference ref = LstmReference.of(randomParams(config, 21));
    double[] u = toDouble(randomFloats(B * L * in, 1));
    double[] dy = toDouble(randomFloats(B * L * hid, 2));
    double[] h0 = toDouble(randomFloats(B * hid, 3));
    double[] c0 = toDouble(randomFloats(B * hid, 4));
    boolean[] reset = new boolean[B * L];
    reset[3] = true;
    reset[L] = true; // reset at t = 0 of the second series

    DoubleSupplier loss = () -> dot(dy, ref.forward(u, B, L, h0, c0, reset, null, null));
    LstmReference.Gradients g = ref.backward(u, dy, B, L, h0, c0, reset);
    for (Map.Entry<String, double[]> e : ref.params.entrySet()) {
      check(e.getKey(), e.getValue(), g.params().get(e.getKey()), loss);
    }
    check("u", u, g.du(), loss);
    check("h0", h0, g.dInitialH(), loss);
    check("c0", c0, g.dInitialC(), loss);
    for (int j = 0; j < hid; j++) {
      assertEquals(0.0, g.dInitialH()[hid + j], "reset at t = 0 cuts dh0");
      assertEquals(0.0, g.dInitialC()[hid + j], "reset at t = 0 cuts dc0");
    }
  }

  /** Perturbs x[i] in place (restoring it) and compares the central difference to grad[i]. */
  private static void check(String name, double[] x, double[] grad, DoubleSupplier loss) {
    FiniteDifferences.check(name, x, grad, loss, EPS, TOL);
  }
}
