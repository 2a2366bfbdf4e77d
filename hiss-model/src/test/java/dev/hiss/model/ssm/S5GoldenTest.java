package dev.hiss.model.ssm;

import static dev.hiss.model.ssm.S4DTestSupport.assertRelClose;
import static dev.hiss.model.ssm.S4DTestSupport.toDouble;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hiss.model.ssm.S4DConfig.Discretization;
import dev.hiss.model.ssm.internal.Complex;
import dev.hiss.model.ssm.internal.HippoN;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden values from an independent NumPy implementation ({@code golden_s5.py} in the test
 * resources, output committed as {@code golden_s5.json}): the ZOH and bilinear discretizations Λ̄,
 * B̄, the outputs and the final state for a fixed input and initial state (computed there from
 * explicit powers of Λ̄, not a step loop), with a mode at |Δλ| ≈ 1e-9 and an unstable mode (Re λ =
 * 0.05) clipped in the {@code zoh_clip} case; and the HiPPO-N eigendecomposition from
 * numpy.linalg.eigh.
 */
class S5GoldenTest {

  private static JsonNode golden;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = S5GoldenTest.class.getResourceAsStream("golden_s5.json")) {
      assertNotNull(in, "golden_s5.json on the test classpath");
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

  @ParameterizedTest
  @ValueSource(strings = {"zoh", "bilinear", "zoh_clip"})
  void matchesNumpy(String variant) {
    int hCount = golden.get("H").asInt();
    int mc = golden.get("M").asInt();
    int length = golden.get("L").asInt();
    Discretization disc = variant.startsWith("zoh") ? Discretization.ZOH : Discretization.BILINEAR;
    S5Config config =
        new S5Config(hCount, 2 * mc, 1, 1e-3, 1e-1, disc, true, variant.endsWith("clip"));
    S5Params params = S5Params.zeros(config);
    for (Map.Entry<String, float[]> e : params.arrays().entrySet()) {
      float[] src = floats(golden.get("params").get(e.getKey()));
      System.arraycopy(src, 0, e.getValue(), 0, src.length);
    }
    JsonNode expected = golden.get(variant);
    S5Reference ref = S5Reference.of(params);
    Complex[][] sys = ref.discrete(1.0);
    double[] lbRe = Arrays.stream(sys[0]).mapToDouble(Complex::re).toArray();
    double[] lbIm = Arrays.stream(sys[0]).mapToDouble(Complex::im).toArray();
    assertRelClose(array(expected.get("lambdaBar_re")), lbRe, 1e-12, "Re Λ̄");
    assertRelClose(array(expected.get("lambdaBar_im")), lbIm, 1e-12, "Im Λ̄");
    // entry-wise so that the tiny B̄ row of the |Δλ| ≈ 1e-9 mode is held to full precision
    double[] expBRe = array(expected.get("bBar_re"));
    double[] expBIm = array(expected.get("bBar_im"));
    for (int i = 0; i < expBRe.length; i++) {
      double mag = Math.hypot(expBRe[i], expBIm[i]);
      assertEquals(expBRe[i], sys[1][i].re(), 1e-10 * mag, "Re B̄[" + i + "]");
      assertEquals(expBIm[i], sys[1][i].im(), 1e-10 * mag, "Im B̄[" + i + "]");
    }
    double[] x0 = array(golden.get("x0"));
    double[] x0Re = Arrays.copyOfRange(x0, 0, mc);
    double[] x0Im = Arrays.copyOfRange(x0, mc, 2 * mc);
    float[] u = floats(golden.get("u"));
    double[] yExpected = array(expected.get("y"));
    double[] finRe = new double[mc];
    double[] finIm = new double[mc];
    double[] yRef = ref.forward(toDouble(u), 1, length, x0Re, x0Im, null, null, finRe, finIm);
    assertRelClose(yExpected, yRef, 1e-10, "reference y");
    assertRelClose(array(expected.get("final_re")), finRe, 1e-10, "reference final re");
    assertRelClose(array(expected.get("final_im")), finIm, 1e-10, "reference final im");

    S5State init = new S5State(1, mc);
    for (int m = 0; m < mc; m++) {
      init.re[m] = (float) x0Re[m];
      init.im[m] = (float) x0Im[m];
    }
    float[] y = new float[u.length];
    S5State fin = new S5State(1, mc);
    new S5Layer(params).forward(u, 1, length, y, init, null, null, fin);
    assertRelClose(yExpected, y, 1e-5, "float32 layer y");
    assertRelClose(array(expected.get("final_re")), fin.re, 1e-5, "float32 final re");
    assertRelClose(array(expected.get("final_im")), fin.im, 1e-5, "float32 final im");
  }

  @Test
  void hippoNMatchesNumpyEigh() {
    JsonNode node = golden.get("hippo_n");
    int nb = node.get("blockSize").asInt();
    double[] lambdaIm = array(node.get("lambda_im"));
    double[] vAbs = array(node.get("v_abs"));
    assertEquals(-0.5, node.get("re_mean").asDouble(), 1e-15);
    for (boolean conj : new boolean[] {true, false}) {
      HippoN init = HippoN.compute(2 * nb, 2, conj);
      for (int m = 0; m < 2 * init.blockModes; m++) {
        int n = m % init.blockModes;
        assertEquals(lambdaIm[n], init.lambdaIm[m], 1e-10, "Im λ[" + m + "] conj=" + conj);
        assertEquals(-0.5, init.lambdaRe[m], 0.0);
      }
      for (int k = 0; k < nb; k++) {
        for (int n = 0; n < init.blockModes; n++) {
          assertEquals(vAbs[k * nb + n], init.v[k][n].abs(), 1e-9, "|V[" + k + ", " + n + "]|");
        }
      }
    }
  }
}
