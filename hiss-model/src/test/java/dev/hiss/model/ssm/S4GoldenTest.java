package dev.hiss.model.ssm;

import static dev.hiss.model.ssm.S4DTestSupport.assertRelClose;
import static dev.hiss.model.ssm.S4DTestSupport.toDouble;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hiss.model.ssm.internal.Complex;
import dev.hiss.model.ssm.internal.HippoLegS;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Golden values from an independent NumPy implementation ({@code golden_s4.py} in the test
 * resources, output committed as {@code golden_s4.json}): (1) kernels and outputs of the full
 * conjugate-expanded complex DPLR system discretized with numpy.linalg.inv, for fixed float32-exact
 * parameters; (2) the kernel and output of the dense real HiPPO-LegS system (no eigen-decomposition
 * on the NumPy side), reproduced in Java from the DPLR initialization Λ, P, B with C = c_legs·V.
 */
class S4GoldenTest {

  private static JsonNode golden;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = S4GoldenTest.class.getResourceAsStream("golden_s4.json")) {
      assertNotNull(in, "golden_s4.json on the test classpath");
      golden = new ObjectMapper().readTree(in);
    }
  }

  private static double[] array(JsonNode node) {
    double[] a = new double[node.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = node.get(i).asDouble();
    }
    return a;
  }

  private static float[] floats(JsonNode node) {
    double[] d = array(node);
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
      assertEquals(d[i], f[i], 0.0, "golden parameters must be float32-exact");
    }
    return f;
  }

  @Test
  void dplrSystemMatchesNumpyDenseComplexInverse() {
    int hCount = golden.get("H").asInt();
    int nCount = golden.get("N").asInt();
    int length = golden.get("L").asInt();
    S4Params params = S4Params.zeros(S4Config.defaults(hCount, nCount));
    for (Map.Entry<String, float[]> e : params.arrays().entrySet()) {
      float[] src = floats(golden.get("params").get(e.getKey()));
      System.arraycopy(src, 0, e.getValue(), 0, src.length);
    }
    JsonNode expected = golden.get("dplr");
    S4Reference ref = S4Reference.of(params);
    double[] kernel = array(expected.get("kernel"));
    for (int h = 0; h < hCount; h++) {
      double[] e = Arrays.copyOfRange(kernel, h * length, (h + 1) * length);
      assertRelClose(e, ref.kernel(h, length), 1e-10, "kernel channel " + h);
    }
    float[] u = floats(golden.get("u"));
    double[] yExpected = array(expected.get("y"));
    float[] y = new float[u.length];
    new S4Layer(params).forward(u, 1, length, y);
    assertRelClose(yExpected, y, 1e-5, "float32 layer y");
    double[] yRef = ref.forward(toDouble(u), 1, length, null, null, null, null, null);
    assertRelClose(yExpected, yRef, 1e-10, "reference y");
  }

  @Test
  void legsInitReproducesTheDenseHippoLegsSystem() {
    JsonNode legs = golden.get("legs");
    int nCount = legs.get("stateSize").asInt();
    int length = legs.get("L").asInt();
    S4Params params = S4Params.initialize(S4Config.defaults(1, nCount), 5);
    params.logDt[0] = (float) Math.log(legs.get("dt").asDouble());
    params.d[0] = 0f;
    double[] c = array(legs.get("c"));
    HippoLegS modes = HippoLegS.compute(nCount);
    for (int n = 0; n < nCount; n++) {
      Complex cn = Complex.ZERO; // C_n = Σ_k c_k·v_n[k]: y = cᵀ·z_legs = cᵀ·V·x
      for (int k = 0; k < c.length; k++) {
        cn = cn.plus(modes.eigenvectors[n][k].times(c[k]));
      }
      params.cRe[n] = (float) cn.re();
      params.cIm[n] = (float) cn.im();
    }
    // float32 rounding of Λ, P, B, C and log Δ limits the agreement to ~1e-6
    assertRelClose(
        array(legs.get("kernel")), S4Reference.of(params).kernel(0, length), 2e-5, "kernel");
    float[] u = floats(legs.get("u"));
    float[] y = new float[length];
    new S4Layer(params).forward(u, 1, length, y);
    assertRelClose(array(legs.get("y")), y, 1e-4, "float32 layer y");
  }
}
