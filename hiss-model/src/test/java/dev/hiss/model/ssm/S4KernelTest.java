package dev.hiss.model.ssm;

import static dev.hiss.model.ssm.S4DTestSupport.assertRelClose;
import static dev.hiss.model.ssm.S4DTestSupport.randomFloats;
import static dev.hiss.model.ssm.S4DTestSupport.toDouble;
import static dev.hiss.model.ssm.S4TestSupport.randomParams;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The convolution kernel from an impulse through the float32 Woodbury recurrence equals the
 * closed-form kernel K_l = c·dA^l·dB of the dense reference (rel. 1e-4 in float32, 1e-10 for the
 * double dense recurrence), and the dense recurrence equals the convolution with that kernel.
 */
class S4KernelTest {

  private static final int H = 3;
  private static final int N = 6;

  @ParameterizedTest
  @ValueSource(ints = {10, 1200})
  void impulseResponseIsTheClosedFormKernel(int length) {
    S4Config config = S4Config.defaults(H, N);
    S4Params params = randomParams(config, 41);
    params.d[0] = 0f; // the skip term only touches l = 0; keep it in the other channels
    S4Layer layer = new S4Layer(params);
    S4Reference ref = S4Reference.of(params);
    float[] u = new float[length * H];
    for (int h = 0; h < H; h++) {
      u[h] = 1f;
    }
    float[] y = new float[u.length];
    layer.forward(u, 1, length, y);
    double[] yRef = ref.forward(toDouble(u), 1, length, null, null, null, null, null);
    for (int h = 0; h < H; h++) {
      double[] k = ref.kernel(h, length);
      k[0] += params.d[h];
      double[] got = new double[length];
      double[] gotRef = new double[length];
      for (int t = 0; t < length; t++) {
        got[t] = y[t * H + h];
        gotRef[t] = yRef[t * H + h];
      }
      assertRelClose(k, got, 1e-4, "float32 recurrence kernel, channel " + h);
      assertRelClose(k, gotRef, 1e-10, "dense recurrence kernel, channel " + h);
    }

    // y = K * u + D·u for a random input (the linear time-invariant convolution form)
    double[] x = toDouble(randomFloats(length * H, 9));
    double[] yConv = ref.forward(x, 1, length, null, null, null, null, null);
    for (int h = 0; h < H; h++) {
      double[] k = ref.kernel(h, length);
      double[] e = new double[length];
      double[] a = new double[length];
      for (int t = 0; t < length; t++) {
        double acc = params.d[h] * x[t * H + h];
        for (int l = 0; l <= t; l++) {
          acc += k[l] * x[(t - l) * H + h];
        }
        e[t] = acc;
        a[t] = yConv[t * H + h];
      }
      assertRelClose(e, a, 1e-10, "convolution form, channel " + h);
    }
  }
}
