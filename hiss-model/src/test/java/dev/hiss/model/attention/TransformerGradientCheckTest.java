package dev.hiss.model.attention;

import static dev.hiss.model.attention.TransformerTestSupport.cacheOf;
import static dev.hiss.model.attention.TransformerTestSupport.dot;
import static dev.hiss.model.attention.TransformerTestSupport.randomFloats;
import static dev.hiss.model.attention.TransformerTestSupport.randomParams;
import static dev.hiss.model.attention.TransformerTestSupport.toDouble;
import static dev.hiss.model.attention.TransformerTestSupport.warmCache;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Central finite differences in double on the reference twin: every entry of every parameter and of
 * the input, for L = Σ w·y with a warm cache, a reset and a window shorter than the sequence.
 * Together with the parity test this checks the float32 backward.
 */
class TransformerGradientCheckTest {

  @Test
  void analyticGradientsMatchFiniteDifferences() {
    TransformerConfig c = new TransformerConfig(4, 2, 6, 3);
    int batch = 2;
    int length = 5;
    TransformerParams params = randomParams(c, 21);
    double[][][] cache = cacheOf(warmCache(new TransformerLayer(params), batch, 2, 8));
    double[] u = toDouble(randomFloats(batch * length * 4, 6));
    double[] w = toDouble(randomFloats(u.length, 7));
    boolean[] reset = new boolean[batch * length];
    reset[length + 2] = true;
    TransformerReference ref = TransformerReference.of(params);
    TransformerReference.Gradients g = ref.backward(u, w, batch, length, cache[0], cache[1], reset);
    double eps = 1e-6;
    double worst = 0;
    for (Map.Entry<String, double[]> e : ref.params.entrySet()) {
      double[] p = e.getValue();
      for (int i = 0; i < p.length; i++) {
        double keep = p[i];
        p[i] = keep + eps;
        double plus = dot(w, ref.forward(u, batch, length, cache[0], cache[1], reset).y());
        p[i] = keep - eps;
        double minus = dot(w, ref.forward(u, batch, length, cache[0], cache[1], reset).y());
        p[i] = keep;
        double fd = (plus - minus) / (2 * eps);
        double an = g.params().get(e.getKey())[i];
        double err = Math.abs(fd - an) / Math.max(1, Math.abs(fd));
        worst = Math.max(worst, err);
        assertTrue(err < 1e-6, e.getKey() + "[" + i + "]: fd " + fd + " vs analytic " + an);
      }
    }
    for (int i = 0; i < u.length; i++) {
      double keep = u[i];
      u[i] = keep + eps;
      double plus = dot(w, ref.forward(u, batch, length, cache[0], cache[1], reset).y());
      u[i] = keep - eps;
      double minus = dot(w, ref.forward(u, batch, length, cache[0], cache[1], reset).y());
      u[i] = keep;
      double fd = (plus - minus) / (2 * eps);
      double err = Math.abs(fd - g.du()[i]) / Math.max(1, Math.abs(fd));
      assertTrue(err < 1e-6, "u[" + i + "]: fd " + fd + " vs analytic " + g.du()[i]);
    }
    assertTrue(worst < 1e-6, "worst " + worst);
  }
}
