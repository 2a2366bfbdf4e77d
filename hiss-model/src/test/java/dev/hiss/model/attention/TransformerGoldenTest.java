package dev.hiss.model.attention;

import static dev.hiss.model.attention.TransformerTestSupport.assertRelClose;
import static dev.hiss.model.attention.TransformerTestSupport.toDouble;
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
 * Golden values from PyTorch's own {@code nn.TransformerEncoderLayer(norm_first=True,
 * activation="gelu")} ({@code golden_transformer.py} in the test resources, output committed as
 * {@code golden_transformer.json}) with causality, a window W = 4 shorter than the sequence, a
 * reset in one series and the ALiBi biases given as torch's per-head float attention mask: outputs
 * and every gradient (all twelve parameters and the input) of L = Σ w·y. Checks the q/k/v packing,
 * the head split, the slopes, the window and reset rules and the exact GELU.
 */
class TransformerGoldenTest {

  private static JsonNode golden;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in =
        TransformerGoldenTest.class.getResourceAsStream("golden_transformer.json")) {
      assertNotNull(in, "golden_transformer.json on the test classpath");
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
  void referenceAndLayerMatchTorch() {
    int h = golden.get("H").asInt();
    int batch = golden.get("batch").asInt();
    int length = golden.get("L").asInt();
    TransformerConfig config =
        new TransformerConfig(
            h, golden.get("heads").asInt(), golden.get("F").asInt(), golden.get("W").asInt());
    TransformerParams params = TransformerParams.zeros(config);
    for (Map.Entry<String, float[]> e : params.arrays().entrySet()) {
      float[] src = floats(golden.get("params").get(e.getKey()));
      assertEquals(e.getValue().length, src.length, e.getKey());
      System.arraycopy(src, 0, e.getValue(), 0, src.length);
    }
    JsonNode rm = golden.get("reset");
    boolean[] reset = new boolean[rm.size()];
    for (int i = 0; i < reset.length; i++) {
      reset[i] = rm.get(i).asBoolean();
    }
    float[] u = floats(golden.get("u"));
    float[] w = floats(golden.get("w"));
    double[] yExp = array(golden.get("y"));
    JsonNode grads = golden.get("grads");

    TransformerReference ref = TransformerReference.of(params);
    double[] uD = toDouble(u);
    assertRelClose(yExp, ref.forward(uD, batch, length, null, null, reset).y(), 1e-12, "ref y");
    TransformerReference.Gradients g =
        ref.backward(uD, toDouble(w), batch, length, null, null, reset);
    for (String name : params.arrays().keySet()) {
      assertRelClose(array(grads.get(name)), g.params().get(name), 1e-11, "ref grad " + name);
    }
    assertRelClose(array(grads.get("u")), g.du(), 1e-11, "ref du");

    TransformerLayer layer = new TransformerLayer(params);
    float[] y = new float[batch * length * h];
    layer.forward(u, batch, length, y, null, reset, null);
    assertRelClose(yExp, y, 1e-5, "float32 y");
    TransformerParams dp = TransformerParams.zeros(config);
    float[] du = new float[u.length];
    layer.backward(u, w, batch, length, null, reset, du, dp);
    for (Map.Entry<String, float[]> e : dp.arrays().entrySet()) {
      assertRelClose(array(grads.get(e.getKey())), e.getValue(), 1e-5, "grad " + e.getKey());
    }
    assertRelClose(array(grads.get("u")), du, 1e-5, "du");
  }
}
