package dev.hiss.model.ssm;

import static dev.hiss.model.ssm.S4DTestSupport.assertRelClose;
import static dev.hiss.model.ssm.S4DTestSupport.randomFloats;
import static dev.hiss.model.ssm.S4DTestSupport.randomParams;
import static dev.hiss.model.ssm.S4DTestSupport.toDouble;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hiss.model.ssm.S4DConfig.Discretization;
import dev.hiss.model.ssm.S4DConfig.Init;
import dev.hiss.model.ssm.internal.Discretized;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The FFT convolution path against the scan path (outputs, every gradient, du). */
class S4DConvolutionTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // init, discretization, batch, length, H, N
        Arguments.of(Init.LIN, Discretization.ZOH, 2, 1, 2, 3),
        Arguments.of(Init.LIN, Discretization.ZOH, 2, 10, 3, 4),
        Arguments.of(Init.INV, Discretization.BILINEAR, 2, 300, 4, 6),
        Arguments.of(Init.LEGS, Discretization.ZOH, 2, 2000, 3, 8),
        Arguments.of(Init.LIN, Discretization.ZOH, 1, 2048, 4, 4));
  }

  @ParameterizedTest(name = "{0} {1} B={2} L={3} H={4} N={5}")
  @MethodSource("cases")
  void fftPathEqualsScanPath(
      Init init, Discretization disc, int batch, int length, int hCount, int nCount) {
    S4DConfig config = new S4DConfig(hCount, nCount, 1e-3, 1e-1, init, disc);
    S4DParams params = randomParams(config, 31 + length);
    S4DLayer layer = new S4DLayer(params);
    float[] u = randomFloats(batch * length * hCount, 4);
    float[] dy = randomFloats(u.length, 5);

    float[] yScan = new float[u.length];
    float[] yFft = new float[u.length];
    layer.forward(u, batch, length, yScan);
    layer.forwardFft(u, batch, length, yFft);
    assertRelClose(toDouble(yScan), yFft, 1e-4, "y");

    float[] duScan = new float[u.length];
    float[] duFft = new float[u.length];
    S4DParams gScan = S4DParams.zeros(config);
    S4DParams gFft = S4DParams.zeros(config);
    layer.backward(u, dy, batch, length, null, null, duScan, gScan, null);
    layer.backwardFft(u, dy, batch, length, duFft, gFft);
    assertRelClose(toDouble(duScan), duFft, 1e-4, "du");
    for (Map.Entry<String, float[]> e : gScan.arrays().entrySet()) {
      assertRelClose(
          toDouble(e.getValue()), gFft.arrays().get(e.getKey()), 1e-4, "grad " + e.getKey());
    }
  }

  @Test
  void fftBackwardAddsToGradientsAndAcceptsNullDu() {
    S4DConfig config = S4DConfig.defaults(2, 3);
    S4DLayer layer = new S4DLayer(randomParams(config, 3));
    int batch = 2;
    int length = 17;
    float[] u = randomFloats(batch * length * 2, 6);
    float[] dy = randomFloats(u.length, 7);
    S4DParams once = S4DParams.zeros(config);
    layer.backwardFft(u, dy, batch, length, null, once);
    S4DParams twice = S4DParams.zeros(config);
    layer.backwardFft(u, dy, batch, length, null, twice);
    layer.backwardFft(u, dy, batch, length, null, twice);
    for (Map.Entry<String, float[]> e : once.arrays().entrySet()) {
      double[] doubled = toDouble(e.getValue());
      for (int i = 0; i < doubled.length; i++) {
        doubled[i] *= 2;
      }
      assertRelClose(doubled, twice.arrays().get(e.getKey()), 1e-6, "accumulated " + e.getKey());
    }
  }

  @Test
  void kernelMatchesClosedFormReferenceKernel() {
    S4DConfig config = new S4DConfig(3, 5, 1e-3, 1e-1, Init.INV, Discretization.ZOH);
    S4DParams params = randomParams(config, 8);
    S4DReference ref = S4DReference.of(params);
    Discretized s =
        Discretized.of(
            config,
            params.logDt,
            params.aReal,
            params.aImag,
            params.bRe,
            params.bIm,
            params.cRe,
            params.cIm,
            params.d);
    for (int h = 0; h < 3; h++) {
      assertRelClose(ref.kernel(h, 500), S4DConvolution.kernel(s, h, 5, 500), 1e-5, "K h=" + h);
    }
  }

  @Test
  void fftSizeIsSmallestPowerOfTwoAtLeastTwiceLength() {
    assertEquals(2, S4DConvolution.fftSize(1));
    assertEquals(32, S4DConvolution.fftSize(10));
    assertEquals(32, S4DConvolution.fftSize(16));
    assertEquals(4096, S4DConvolution.fftSize(2048));
    assertEquals(8192, S4DConvolution.fftSize(2049));
  }
}
