package dev.hiss.model.ssm;

import static dev.hiss.model.ssm.S4DTestSupport.assertRelClose;
import static dev.hiss.model.ssm.S4DTestSupport.toDouble;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Golden values from an independent PyTorch implementation of mamba_ssm's slow path and {@code
 * selective_scan_ref} ({@code golden_mamba.py} in the test resources, output committed as {@code
 * golden_mamba.json}): outputs and, by autograd, the gradients of Σ w·y for every parameter and the
 * input, for float32-exact parameters, dtRank 2, one Δ bias above the softplus threshold and a HiSS
 * reset (state and conv buffer) in the second series.
 */
class MambaGoldenTest {

  private static JsonNode golden;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = MambaGoldenTest.class.getResourceAsStream("golden_mamba.json")) {
      assertNotNull(in, "golden_mamba.json on the test classpath");
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
      assertEquals(d[i], f[i], 0.0, "golden inputs must be float32-exact");
    }
    return f;
  }

  @Test
  void matchesPytorchSelectiveScanRef() {
    int dModel = golden.get("dModel").asInt();
    MambaConfig config =
        MambaConfig.defaults(dModel)
            .withSizes(
                golden.get("dState").asInt(),
                golden.get("dConv").asInt(),
                golden.get("expand").asInt(),
                golden.get("dtRank").asInt());
    int batch = golden.get("batch").asInt();
    int length = golden.get("length").asInt();
    MambaParams params = MambaParams.zeros(config);
    for (Map.Entry<String, float[]> e : params.arrays().entrySet()) {
      float[] src = floats(golden.get("params").get(e.getKey()));
      assertEquals(e.getValue().length, src.length, "size of " + e.getKey());
      System.arraycopy(src, 0, e.getValue(), 0, src.length);
    }
    float[] u = floats(golden.get("u"));
    float[] w = floats(golden.get("w"));
    boolean[] reset = new boolean[batch * length];
    for (int i = 0; i < reset.length; i++) {
      reset[i] = golden.get("reset").get(i).asBoolean();
    }
    double[] yExpected = array(golden.get("y"));
    double[] duExpected = array(golden.get("du"));

    MambaReference ref = MambaReference.of(params);
    double[] yRef = ref.forward(toDouble(u), batch, length, null, null, reset, null, null);
    assertRelClose(yExpected, yRef, 1e-12, "reference y");
    MambaReference.Gradients g =
        ref.backward(toDouble(u), toDouble(w), batch, length, null, null, reset);
    assertRelClose(duExpected, g.du(), 1e-12, "reference du");

    MambaLayer layer = new MambaLayer(params);
    float[] y = new float[u.length];
    layer.forward(u, batch, length, y, null, reset, null);
    assertRelClose(yExpected, y, 1e-5, "float32 layer y");
    MambaParams grads = MambaParams.zeros(config);
    float[] du = new float[u.length];
    layer.backward(u, w, batch, length, null, reset, du, grads);
    assertRelClose(duExpected, du, 1e-5, "float32 layer du");

    for (Map.Entry<String, float[]> e : grads.arrays().entrySet()) {
      double[] expected = array(golden.get("grads").get(e.getKey()));
      assertRelClose(expected, g.params().get(e.getKey()), 1e-12, "reference " + e.getKey());
      assertRelClose(expected, e.getValue(), 1e-4, "float32 layer " + e.getKey());
    }
  }
}
