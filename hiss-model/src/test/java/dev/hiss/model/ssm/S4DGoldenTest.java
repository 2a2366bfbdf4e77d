package dev.hiss.model.ssm;

import static dev.hiss.model.ssm.S4DTestSupport.assertRelClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hiss.model.ssm.S4DConfig.Discretization;
import dev.hiss.model.ssm.S4DConfig.Init;
import dev.hiss.model.ssm.internal.Complex;
import dev.hiss.model.ssm.internal.HippoLegS;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Golden values from an independent NumPy implementation ({@code golden_s4d.py} in the test
 * resources, output committed as {@code golden_s4d.json}): discretizations, kernels and outputs for
 * fixed float32-exact parameters, including a mode with |ΔA| ≈ 1e-9 (expm1 path), and the S4D-LegS
 * modes from numpy.linalg.eigh.
 */
class S4DGoldenTest {

  private static JsonNode golden;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = S4DGoldenTest.class.getResourceAsStream("golden_s4d.json")) {
      assertNotNull(in, "golden_s4d.json on the test classpath");
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
  @EnumSource(Discretization.class)
  void matchesNumpy(Discretization disc) {
    int hCount = golden.get("H").asInt();
    int nCount = golden.get("N").asInt();
    int length = golden.get("L").asInt();
    S4DConfig config = new S4DConfig(hCount, nCount, 1e-3, 1e-1, Init.LIN, disc);
    S4DParams params = S4DParams.zeros(config);
    for (Map.Entry<String, float[]> e : params.arrays().entrySet()) {
      float[] src = floats(golden.get("params").get(e.getKey()));
      System.arraycopy(src, 0, e.getValue(), 0, src.length);
    }
    JsonNode expected = golden.get(disc == Discretization.ZOH ? "zoh" : "bilinear");
    S4DReference ref = S4DReference.of(params);
    double[] aRe = new double[hCount * nCount];
    double[] aIm = new double[aRe.length];
    double[] bRe = new double[aRe.length];
    double[] bIm = new double[aRe.length];
    for (int h = 0; h < hCount; h++) {
      for (int n = 0; n < nCount; n++) {
        Complex[] ab = ref.discrete(h, n);
        int i = h * nCount + n;
        aRe[i] = ab[0].re();
        aIm[i] = ab[0].im();
        bRe[i] = ab[1].re();
        bIm[i] = ab[1].im();
      }
    }
    assertRelClose(array(expected.get("dA_re")), aRe, 1e-12, "Re dA");
    assertRelClose(array(expected.get("dA_im")), aIm, 1e-12, "Im dA");
    // per-mode check so that the tiny dB of the |ΔA| ≈ 1e-9 mode is held to full precision
    double[] expBRe = array(expected.get("dB_re"));
    double[] expBIm = array(expected.get("dB_im"));
    for (int i = 0; i < aRe.length; i++) {
      double mag = Math.hypot(expBRe[i], expBIm[i]);
      assertEquals(expBRe[i], bRe[i], 1e-10 * mag, "Re dB[" + i + "]");
      assertEquals(expBIm[i], bIm[i], 1e-10 * mag, "Im dB[" + i + "]");
    }
    double[] kernel = array(expected.get("kernel"));
    for (int h = 0; h < hCount; h++) {
      double[] k = ref.kernel(h, length);
      double[] e = java.util.Arrays.copyOfRange(kernel, h * length, (h + 1) * length);
      assertRelClose(e, k, 1e-10, "kernel channel " + h);
    }
    float[] u = floats(golden.get("u"));
    double[] yExpected = array(expected.get("y"));
    float[] y = new float[u.length];
    new S4DLayer(params).forward(u, 1, length, y);
    assertRelClose(yExpected, y, 1e-5, "float32 layer y");
    double[] yRef =
        ref.forward(S4DTestSupport.toDouble(u), 1, length, null, null, null, null, null);
    assertRelClose(yExpected, yRef, 1e-10, "reference y");
  }

  @Test
  void legsModesMatchNumpyEigh() {
    JsonNode legs = golden.get("legs");
    HippoLegS modes = HippoLegS.compute(legs.get("stateSize").asInt());
    assertRelClose(array(legs.get("omega")), modes.omega, 1e-10, "LegS eigenvalues");
    assertRelClose(array(legs.get("b_abs")), modes.b, 1e-9, "LegS |V^H B|");
    assertEquals(-0.5, legs.get("re_mean").asDouble(), 1e-15);
  }
}
