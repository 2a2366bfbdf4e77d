package dev.hiss.model.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;

/** Random data, parameters, cache access and relative comparisons for the Transformer tests. */
final class TransformerTestSupport {

  private TransformerTestSupport() {}

  /** Initialized parameters perturbed with O(1) noise, so that no term is trivially zero. */
  static TransformerParams randomParams(TransformerConfig config, long seed) {
    TransformerParams p = TransformerParams.initialize(config, seed);
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    for (float[] a : p.arrays().values()) {
      for (int i = 0; i < a.length; i++) {
        a[i] += (float) (0.3 * r.nextGaussian());
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

  /** A cache filled by running the layer over random inputs of the given per-series lengths. */
  static TransformerState warmCache(TransformerLayer layer, int batch, int steps, long seed) {
    int h = layer.config().width();
    TransformerState s = layer.initialState(batch);
    float[] y = new float[batch * h];
    for (int t = 0; t < steps; t++) {
      layer.step(randomFloats(batch * h, seed + t), s, y);
    }
    return s;
  }

  /** The cached keys (or values) of series b, oldest first, in double. */
  static double[] chronological(TransformerState s, float[] store, int b) {
    int n = s.count(b);
    int oldest = Math.floorMod(s.nextSlot(b) - n, s.window);
    double[] out = new double[n * s.width];
    for (int i = 0; i < n; i++) {
      int src = (b * s.window + (oldest + i) % s.window) * s.width;
      for (int j = 0; j < s.width; j++) {
        out[i * s.width + j] = store[src + j];
      }
    }
    return out;
  }

  /** Per-series chronological keys and values of a cache, as the reference takes them. */
  static double[][][] cacheOf(TransformerState s) {
    double[][] k = new double[s.batch][];
    double[][] v = new double[s.batch][];
    for (int b = 0; b < s.batch; b++) {
      k[b] = chronological(s, s.keys, b);
      v[b] = chronological(s, s.values, b);
    }
    return new double[][][] {k, v};
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
