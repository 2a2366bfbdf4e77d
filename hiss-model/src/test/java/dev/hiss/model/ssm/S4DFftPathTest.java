package dev.hiss.model.ssm;

import static dev.hiss.model.ssm.S4DTestSupport.assertRelClose;
import static dev.hiss.model.ssm.S4DTestSupport.randomFloats;
import static dev.hiss.model.ssm.S4DTestSupport.randomParams;
import static dev.hiss.model.ssm.S4DTestSupport.toDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.hiss.model.ssm.S4DConfig.Discretization;
import dev.hiss.model.ssm.S4DConfig.Init;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The public forward/backward on the FFT path (policy FFT) against the scan (policy SCAN), through
 * the full-featured entry points: outputs, final state, every parameter gradient, dL/du and
 * dL/d(initial state) for a zero initial state passed explicitly.
 */
class S4DFftPathTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(Discretization.ZOH, 10),
        Arguments.of(Discretization.BILINEAR, 10),
        Arguments.of(Discretization.ZOH, 1200),
        Arguments.of(Discretization.BILINEAR, 1200));
  }

  @ParameterizedTest(name = "{0} L={1}")
  @MethodSource("cases")
  void fftPathEqualsScanPath(Discretization disc, int length) {
    int batch = 3;
    int hCount = 4;
    int nCount = 8;
    S4DConfig config = new S4DConfig(hCount, nCount, 1e-3, 1e-1, Init.LIN, disc);
    S4DParams params = randomParams(config, 7 + length);
    S4DLayer scan = new S4DLayer(params, S4DPathPolicy.SCAN);
    S4DLayer fft = new S4DLayer(params, S4DPathPolicy.FFT);
    S4DState zero = scan.initialState(batch);
    assertEquals(S4DPathPolicy.Path.SCAN, scan.pathFor(batch, length, zero, null));
    assertEquals(S4DPathPolicy.Path.FFT, fft.pathFor(batch, length, zero, null));
    float[] u = randomFloats(batch * length * hCount, 11);
    float[] dy = randomFloats(u.length, 12);

    float[] yScan = new float[u.length];
    float[] yFft = new float[u.length];
    S4DState lastScan = scan.initialState(batch);
    S4DState lastFft = fft.initialState(batch);
    Arrays.fill(lastFft.re, Float.NaN); // overwritten, not accumulated
    scan.forward(u, batch, length, yScan, zero, null, lastScan);
    fft.forward(u, batch, length, yFft, zero, null, lastFft);
    assertRelClose(toDouble(yScan), yFft, 2e-5, "y");
    assertFalse(Arrays.equals(yScan, yFft), "the FFT path ran (float rounding differs)");
    // the final state uses the scan's own float arithmetic: bit-identical
    assertArrayEquals(lastScan.re, lastFft.re, "final state re");
    assertArrayEquals(lastScan.im, lastFft.im, "final state im");

    float[] duScan = new float[u.length];
    float[] duFft = new float[u.length];
    S4DParams gScan = S4DParams.zeros(config);
    S4DParams gFft = S4DParams.zeros(config);
    S4DState d0Scan = scan.initialState(batch);
    S4DState d0Fft = fft.initialState(batch);
    scan.backward(u, dy, batch, length, zero, null, duScan, gScan, d0Scan);
    fft.backward(u, dy, batch, length, zero, null, duFft, gFft, d0Fft);
    assertRelClose(toDouble(duScan), duFft, 2e-5, "du");
    for (Map.Entry<String, float[]> e : gScan.arrays().entrySet()) {
      assertRelClose(
          toDouble(e.getValue()), gFft.arrays().get(e.getKey()), 1e-4, "grad " + e.getKey());
    }
    assertArrayEquals(d0Scan.re, d0Fft.re, "dInitial re");
    assertArrayEquals(d0Scan.im, d0Fft.im, "dInitial im");
  }

  @ParameterizedTest(name = "{0} L={1}")
  @MethodSource("cases")
  void finalStateContinuesTheStream(Discretization disc, int length) {
    // forward over [0, L) on the FFT path, then streaming steps: equal to one scan over [0, L + 5)
    int batch = 2;
    int hCount = 3;
    int extra = 5;
    S4DConfig config = new S4DConfig(hCount, 4, 1e-3, 1e-1, Init.INV, disc);
    S4DParams params = randomParams(config, 3);
    S4DLayer fft = new S4DLayer(params, S4DPathPolicy.FFT);
    S4DLayer scan = new S4DLayer(params, S4DPathPolicy.SCAN);
    int total = length + extra;
    float[] u = randomFloats(batch * total * hCount, 4);
    float[] yAll = new float[u.length];
    scan.forward(u, batch, total, yAll);

    float[] head = new float[batch * length * hCount];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(u, b * total * hCount, head, b * length * hCount, length * hCount);
    }
    S4DState state = fft.initialState(batch);
    fft.forward(head, batch, length, new float[head.length], null, null, state);
    float[] x = new float[batch * hCount];
    float[] y = new float[batch * hCount];
    for (int t = length; t < total; t++) {
      for (int b = 0; b < batch; b++) {
        System.arraycopy(u, (b * total + t) * hCount, x, b * hCount, hCount);
      }
      fft.step(x, state, y);
      for (int b = 0; b < batch; b++) {
        for (int h = 0; h < hCount; h++) {
          assertEquals(yAll[(b * total + t) * hCount + h], y[b * hCount + h], "b=" + b + " t=" + t);
        }
      }
    }
  }
}
