package dev.hiss.model.ssm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;

/** Shared helpers for the S4D tests: perturbed parameters, random data, relative comparisons. */
final class S4DTestSupport {

  private S4DTestSupport() {}

  /**
   * Initialized parameters, then perturbed so that every parameter matters: complex B, varied Re A
   * and Δ.
   */
  static S4DParams randomParams(S4DConfig config, long seed) {
    S4DParams p = S4DParams.initialize(config, seed);
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    for (int i = 0; i < p.aReal.length; i++) {
      p.aReal[i] += (float) (0.3 * r.nextGaussian());
      p.aImag[i] += (float) (0.2 * r.nextGaussian());
      p.bRe[i] += (float) (0.3 * r.nextGaussian());
      p.bIm[i] = (float) (0.5 * r.nextGaussian());
    }
    for (int h = 0; h < p.logDt.length; h++) {
      p.logDt[h] = (float) Math.log(0.01 + 0.2 * r.nextDouble());
    }
    return p;
  }

  static float[] randomFloats(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return x;
  }

  static boolean[] randomMask(int n, double p, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    boolean[] m = new boolean[n];
    for (int i = 0; i < n; i++) {
      m[i] = r.nextDouble() < p;
    }
    return m;
  }

  static S4DState randomState(int batch, S4DConfig c, long seed) {
    S4DState s = new S4DState(batch, c.channels(), c.stateSize());
    float[] re = randomFloats(s.re.length, seed);
    float[] im = randomFloats(s.im.length, seed + 1);
    System.arraycopy(re, 0, s.re, 0, re.length);
    System.arraycopy(im, 0, s.im, 0, im.length);
    return s;
  }

  static double[] toDouble(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    return d;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** Max-norm relative error max|a − e| / max|e|. */
  static double relError(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length, "length");
    double num = 0;
    double den = 0;
    for (int i = 0; i < expected.length; i++) {
      num = Math.max(num, Math.abs(actual[i] - expected[i]));
      den = Math.max(den, Math.abs(expected[i]));
    }
    return den == 0 ? num : num / den;
  }

  static void assertRelClose(double[] expected, double[] actual, double tol, String what) {
    double err = relError(expected, actual);
    if (!(err <= tol)) {
      fail(what + ": max-norm relative error " + err + " > " + tol);
    }
  }

  static void assertRelClose(double[] expected, float[] actual, double tol, String what) {
    assertRelClose(expected, toDouble(actual), tol, what);
  }
}
