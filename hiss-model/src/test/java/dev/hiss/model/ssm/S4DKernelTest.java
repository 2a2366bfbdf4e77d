package dev.hiss.model.ssm;

import static dev.hiss.model.ssm.S4DTestSupport.assertRelClose;
import static dev.hiss.model.ssm.S4DTestSupport.randomFloats;
import static dev.hiss.model.ssm.S4DTestSupport.randomParams;
import static dev.hiss.model.ssm.S4DTestSupport.toDouble;

import dev.hiss.model.ssm.S4DConfig.Discretization;
import dev.hiss.model.ssm.S4DConfig.Init;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Impulse response through the recurrence against the closed-form Vandermonde kernel K_l = 2·Re(Σ
 * C·dB·dA^l): float32 layer within 1e-4, double reference within 1e-10.
 */
class S4DKernelTest {

  @ParameterizedTest
  @CsvSource({
    "10, LIN, ZOH",
    "10, INV, BILINEAR",
    "10, LEGS, ZOH",
    "1200, LIN, ZOH",
    "1200, INV, ZOH",
    "1200, LEGS, BILINEAR",
    "1200, INV, BILINEAR"
  })
  void impulseResponseEqualsVandermondeKernel(int length, Init init, Discretization disc) {
    int hCount = 3;
    S4DConfig config = new S4DConfig(hCount, 16, 1e-3, 1e-1, init, disc);
    S4DParams params = S4DParams.initialize(config, 41);
    java.util.Arrays.fill(params.d, 0f);
    S4DLayer layer = new S4DLayer(params);
    S4DReference ref = S4DReference.of(params);
    float[] u = new float[length * hCount];
    for (int h = 0; h < hCount; h++) {
      u[h] = 1f; // impulse at t = 0 in every channel
    }
    float[] y = new float[u.length];
    layer.forward(u, 1, length, y);
    double[] yRef = ref.forward(toDouble(u), 1, length, null, null, null, null, null);
    for (int h = 0; h < hCount; h++) {
      double[] k = ref.kernel(h, length);
      double[] fromLayer = new double[length];
      double[] fromRef = new double[length];
      for (int t = 0; t < length; t++) {
        fromLayer[t] = y[t * hCount + h];
        fromRef[t] = yRef[t * hCount + h];
      }
      assertRelClose(k, fromRef, 1e-10, "double recurrence vs Vandermonde, channel " + h);
      assertRelClose(k, fromLayer, 1e-4, "float32 layer vs Vandermonde, channel " + h);
    }
  }

  @ParameterizedTest
  @CsvSource({"ZOH", "BILINEAR"})
  void convolutionFormEqualsRecurrence(Discretization disc) {
    S4DConfig config = new S4DConfig(3, 5, 1e-3, 1e-1, Init.LIN, disc);
    S4DReference ref = S4DReference.of(randomParams(config, 42));
    double[] u = toDouble(randomFloats(2 * 64 * 3, 1));
    double[] conv = ref.convolve(u, 2, 64);
    double[] rec = ref.forward(u, 2, 64, null, null, null, null, null);
    assertRelClose(conv, rec, 1e-10, "K*u + Du vs recurrence");
  }
}
