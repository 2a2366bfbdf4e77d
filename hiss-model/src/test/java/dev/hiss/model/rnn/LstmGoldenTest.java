package dev.hiss.model.rnn;

import static dev.hiss.model.rnn.LstmTestSupport.assertRelClose;
import static dev.hiss.model.rnn.LstmTestSupport.toDouble;
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
 * Golden values from PyTorch's own {@code torch.nn.LSTM} ({@code golden_lstm.py} in the test
 * resources, output committed as {@code golden_lstm.json}): outputs, final state and every gradient
 * (weights, biases, input, initial h and c) of L = Σ w·y for parameters in torch's layout, with a
 * given initial state and a reset in one series. Checks that the gate order (i, f, g, o) and the
 * weight layout are torch's.
 */
class LstmGoldenTest {

  private static JsonNode golden;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = LstmGoldenTest.class.getResourceAsStream("golden_lstm.json")) {
      assertNotNull(in, "golden_lstm.json on the test classpath");
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

  private static boolean[] mask(JsonNode node) {
    boolean[] m = new boolean[node.size()];
    for (int i = 0; i < m.length; i++) {
      m[i] = node.get(i).asBoolean();
    }
    return m;
  }

  @Test
  void referenceAndLayerMatchTorch() {
    int in = golden.get("I").asInt();
    int hid = golden.get("H").asInt();
    int batch = golden.get("batch").asInt();
    int length = golden.get("L").asInt();
    LstmConfig config = LstmConfig.defaults(in, hid);
    LstmParams params = LstmParams.zeros(config);
    for (Map.Entry<String, float[]> e : params.arrays().entrySet()) {
      float[] src = floats(golden.get("params").get(e.getKey()));
      assertEquals(e.getValue().length, src.length, e.getKey());
      System.arraycopy(src, 0, e.getValue(), 0, src.length);
    }
    boolean[] reset = mask(golden.get("reset"));
    float[] u = floats(golden.get("u"));
    float[] w = floats(golden.get("w"));
    LstmState init = new LstmState(batch, hid);
    System.arraycopy(floats(golden.get("h0")), 0, init.h, 0, init.h.length);
    System.arraycopy(floats(golden.get("c0")), 0, init.c, 0, init.c.length);
    double[] yExp = array(golden.get("y"));
    double[] hExp = array(golden.get("final_h"));
    double[] cExp = array(golden.get("final_c"));
    JsonNode grads = golden.get("grads");

    LstmReference ref = LstmReference.of(params);
    double[] finH = new double[batch * hid];
    double[] finC = new double[batch * hid];
    double[] h0 = toDouble(init.h);
    double[] c0 = toDouble(init.c);
    double[] uD = toDouble(u);
    assertRelClose(yExp, ref.forward(uD, batch, length, h0, c0, reset, finH, finC), 1e-12, "ref y");
    assertRelClose(hExp, finH, 1e-12, "ref final h");
    assertRelClose(cExp, finC, 1e-12, "ref final c");
    LstmReference.Gradients g = ref.backward(uD, toDouble(w), batch, length, h0, c0, reset);
    for (String name : params.arrays().keySet()) {
      assertRelClose(array(grads.get(name)), g.params().get(name), 1e-12, "ref grad " + name);
    }
    assertRelClose(array(grads.get("u")), g.du(), 1e-12, "ref du");
    assertRelClose(array(grads.get("h0")), g.dInitialH(), 1e-12, "ref dh0");
    assertRelClose(array(grads.get("c0")), g.dInitialC(), 1e-12, "ref dc0");

    LstmLayer layer = new LstmLayer(params);
    float[] y = new float[batch * length * hid];
    LstmState fin = layer.initialState(batch);
    layer.forward(u, batch, length, y, init, reset, fin);
    assertRelClose(yExp, y, 1e-5, "float32 y");
    assertRelClose(hExp, fin.h, 1e-5, "float32 final h");
    assertRelClose(cExp, fin.c, 1e-5, "float32 final c");
    LstmParams dp = LstmParams.zeros(config);
    float[] du = new float[u.length];
    LstmState d0 = layer.initialState(batch);
    layer.backward(u, w, batch, length, init, reset, du, dp, d0);
    for (Map.Entry<String, float[]> e : dp.arrays().entrySet()) {
      assertRelClose(array(grads.get(e.getKey())), e.getValue(), 1e-5, "grad " + e.getKey());
    }
    assertRelClose(array(grads.get("u")), du, 1e-5, "du");
    assertRelClose(array(grads.get("h0")), d0.h, 1e-5, "dh0");
    assertRelClose(array(grads.get("c0")), d0.c, 1e-5, "dc0");
  }
}
