package dev.hiss.model.rnn;

import static dev.hiss.model.rnn.LstmTestSupport.assertRelClose;
import static dev.hiss.model.rnn.LstmTestSupport.randomFloats;
import static dev.hiss.model.rnn.LstmTestSupport.randomMask;
import static dev.hiss.model.rnn.LstmTestSupport.randomParams;
import static dev.hiss.model.rnn.LstmTestSupport.randomState;
import static dev.hiss.model.rnn.LstmTestSupport.toDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float32 LSTM against its double-precision reference twin: outputs, final state, every
 * parameter gradient, du and d(initial state); that backward accumulates; and that the zero-state
 * overload equals an explicit zero state.
 */
class LstmLayerParityTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // batch, length, I, H, initial state + resets
        Arguments.of(3, 40, 4, 5, true),
        Arguments.of(2, 30, 1, 3, false),
        Arguments.of(1, 25, 6, 2, true),
        // large enough for the parallel (fork-join) paths
        Arguments.of(5, 200, 8, 16, true));
  }

  @ParameterizedTest(name = "B={0} L={1} I={2} H={3} state+reset={4}")
  @MethodSource("cases")
  void fastEqualsReference(int batch, int length, int in, int hid, boolean stateAndReset) {
    LstmConfig config = LstmConfig.defaults(in, hid);
    LstmParams params = randomParams(config, 11 + length);
    LstmLayer layer = new LstmLayer(params);
    LstmReference ref = LstmReference.of(params);
    float[] u = randomFloats(batch * length * in, 3);
    float[] dy = randomFloats(batch * length * hid, 4);
    LstmState x0 = stateAndReset ? randomState(batch, config, 5) : null;
    boolean[] reset = stateAndReset ? randomMask(batch * length, 0.05, 6) : null;
    if (reset != null) {
      reset[0] = true; // a reset at t = 0: that series' initial state gets no gradient
    }

    float[] y = new float[batch * length * hid];
    LstmState fin = layer.initialState(batch);
    layer.forward(u, batch, length, y, x0, reset, fin);
    double[] h0 = x0 == null ? null : toDouble(x0.h);
    double[] c0 = x0 == null ? null : toDouble(x0.c);
    double[] finH = new double[batch * hid];
    double[] finC = new double[batch * hid];
    double[] yRef = ref.forward(toDouble(u), batch, length, h0, c0, reset, finH, finC);
    double tol = 1e-5;
    assertRelClose(yRef, y, tol, "y");
    assertRelClose(finH, fin.h, tol, "final h");
    assertRelClose(finC, fin.c, tol, "final c");
    float[] y0 = new float[y.length];
    layer.forward(u, batch, length, y0, layer.initialState(batch), null, null);
    float[] y1 = new float[y.length];
    layer.forward(u, batch, length, y1);
    assertArrayEquals(y0, y1, "zero-state overload");

    LstmParams grads = LstmParams.zeros(config);
    float[] du = new float[u.length];
    LstmState d0 = layer.initialState(batch);
    layer.backward(u, dy, batch, length, x0, reset, du, grads, d0);
    LstmReference.Gradients g =
        ref.backward(toDouble(u), toDouble(dy), batch, length, h0, c0, reset);
    double gtol = 1e-4;
    assertRelClose(g.du(), du, gtol, "du");
    for (Map.Entry<String, float[]> e : grads.arrays().entrySet()) {
      assertRelClose(g.params().get(e.getKey()), e.getValue(), gtol, "grad " + e.getKey());
    }
    assertRelClose(g.dInitialH(), d0.h, gtol, "d initial h");
    assertRelClose(g.dInitialC(), d0.c, gtol, "d initial c");
    if (reset != null) {
      for (int j = 0; j < hid; j++) {
        assertEquals(0f, d0.h[j], "reset at t = 0 cuts dh0");
        assertEquals(0f, d0.c[j], "reset at t = 0 cuts dc0");
      }
    }

    // backward accumulates: a second call doubles every parameter gradient
    LstmParams twice = grads.copy();
    layer.backward(u, dy, batch, length, x0, reset, null, twice, null);
    for (Map.Entry<String, float[]> e : grads.arrays().entrySet()) {
      double[] doubled = toDouble(e.getValue());
      for (int i = 0; i < doubled.length; i++) {
        doubled[i] *= 2;
      }
      assertRelClose(doubled, twice.arrays().get(e.getKey()), 1e-6, "accumulated " + e.getKey());
    }
  }
}
