package dev.hiss.model.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;

/** Random data, parameters and relative comparisons for the LSTM tests. */
final class LstmTestSupport {

  private LstmTestSupport() {}

  /** Initialized parameters with O(1) weights, so that the gates leave their linear range. */
  static LstmParams randomParams(LstmConfig config, long seed) {
    LstmParams p = LstmParams.initialize(config, seed);
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    for (float[] a : p.arrays().values()) {
      for (int i = 0; i < a.length; i++) {
        a[i] += (float) (0.4 * r.nextGaussian());
      }
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

  static LstmState randomState(int batch, LstmConfig c, long seed) {
    LstmState s = new LstmState(batch, c.hiddenSize());
    System.arraycopy(randomFloats(s.h.length, seed), 0, s.h, 0, s.h.length);
    System.arraycopy(randomFloats(s.c.length, seed + 1), 0, s.c, 0, s.c.length);
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
