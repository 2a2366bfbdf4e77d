package dev.hiss.model.dl4j.internal;

import dev.hiss.model.ssm.S4DConfig;
import dev.hiss.model.ssm.S4DLayer;
import dev.hiss.model.ssm.S4DParams;
import dev.hiss.model.ssm.S4DReference;
import dev.hiss.model.ssm.S4DState;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs the S4D kernel on ND4J arrays in the kernel layout [batch, time, H] and returns detached
 * arrays (allocated outside any workspace) of the network data type.
 *
 * <p>Precision: a DOUBLE network runs the double-precision twin {@link S4DReference} (forward, BPTT
 * backward and streaming), so that DL4J's gradient check in double is a real check of the analytic
 * gradients; every other data type runs the float32 scan {@link S4DLayer}, with the parameters and
 * activations converted to float and the results cast back.
 *
 * <p>States are pairs of arrays [batch, H·N] (real, imaginary), index b·H·N + h·N + n, matching
 * {@link S4DState}.
 */
final class S4DCompute {

  /** A complex state: real and imaginary parts [batch, H·N]. */
  record State(INDArray re, INDArray im) {}

  /** Output [batch, time, H] and, when asked, the state after the last step. */
  record Forward(INDArray y, State last) {}

  private final S4DConfig config;
  private final DataType type;
  private final S4DParams floatParams;
  private final S4DReference reference;

  private S4DCompute(S4DConfig config, Map<String, INDArray> params, DataType type) {
    this.config = config;
    this.type = type;
    S4DParams p = S4DParams.zeros(config);
    if (type == DataType.DOUBLE) {
      this.floatParams = null;
      this.reference = S4DReference.of(p);
      reference.params.forEach(
          (k, v) -> System.arraycopy(doubles(params.get(k)), 0, v, 0, v.length));
    } else {
      this.reference = null;
      this.floatParams = p;
      p.arrays().forEach((k, v) -> System.arraycopy(floats(params.get(k)), 0, v, 0, v.length));
    }
  }

  /**
   * A snapshot of the current parameter values.
   *
   * @param config kernel configuration
   * @param params key → parameter view
   * @param type network data type (DOUBLE selects the double-precision path)
   * @return the compute object
   */
  static S4DCompute of(S4DConfig config, Map<String, INDArray> params, DataType type) {
    return outsideWorkspaces(() -> new S4DCompute(config, params, type));
  }

  /**
   * Runs {@code body} with no workspace active, so that the arrays it creates are detached.
   *
   * @param body the computation
   * @return its result
   */
  static <T> T outsideWorkspaces(Supplier<T> body) {
    MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces();
    try {
      return body.get();
    } finally {
      ws.close();
    }
  }

  /**
   * Forward pass.
   *
   * @param u input [batch, time, H]
   * @param initial initial state, or null for zero
   * @param keepFinal whether to return the final state
   * @return output [batch, time, H] and the final state (null unless keepFinal)
   */
  Forward forward(INDArray u, State initial, boolean keepFinal) {
    int batch = Math.toIntExact(u.size(0));
    int length = Math.toIntExact(u.size(1));
    checkBatch(initial, batch);
    return outsideWorkspaces(() -> forwardDetached(u, batch, length, initial, keepFinal));
  }

  private Forward forwardDetached(
      INDArray u, int batch, int length, State initial, boolean keepFinal) {
    int hn = config.channels() * config.stateSize();
    if (reference != null) {
      double[] x0Re = initial == null ? null : doubles(initial.re());
      double[] x0Im = initial == null ? null : doubles(initial.im());
      double[] fRe = keepFinal ? new double[batch * hn] : null;
      double[] fIm = keepFinal ? new double[batch * hn] : null;
      double[] y = reference.forward(doubles(u), batch, length, x0Re, x0Im, null, fRe, fIm);
      State last = keepFinal ? new State(array(fRe, batch, hn), array(fIm, batch, hn)) : null;
      return new Forward(array(y, batch, length, config.channels()), last);
    }
    S4DLayer kernel = new S4DLayer(floatParams);
    S4DState state = toState(initial, batch);
    float[] uf = floats(u);
    float[] y = new float[uf.length];
    if (length == 1 && keepFinal) {
      kernel.step(uf, state, y); // streaming: one step from the stored state, updated in place
    } else {
      S4DState fin = keepFinal ? kernel.initialState(batch) : null;
      kernel.forward(uf, batch, length, y, initial == null ? null : state, null, fin);
      state = fin;
    }
    State last =
        keepFinal ? new State(array(state.re, batch, hn), array(state.im, batch, hn)) : null;
    return new Forward(array(y, batch, length, config.channels()), last);
  }

  /**
   * Backward pass: writes dL/dθ into {@code gradViews} (overwriting) and returns dL/du.
   *
   * @param u the forward input [batch, time, H]
   * @param dy dL/dy [batch, time, H]
   * @param initial the forward's initial state, or null for zero
   * @param gradViews key → gradient view
   * @return dL/du [batch, time, H]
   */
  INDArray backward(INDArray u, INDArray dy, State initial, Map<String, INDArray> gradViews) {
    int batch = Math.toIntExact(u.size(0));
    int length = Math.toIntExact(u.size(1));
    checkBatch(initial, batch);
    return outsideWorkspaces(() -> backwardDetached(u, dy, batch, length, initial, gradViews));
  }

  private INDArray backwardDetached(
      INDArray u,
      INDArray dy,
      int batch,
      int length,
      State initial,
      Map<String, INDArray> gradViews) {
    int h = config.channels();
    if (reference != null) {
      double[] x0Re = initial == null ? null : doubles(initial.re());
      double[] x0Im = initial == null ? null : doubles(initial.im());
      S4DReference.Gradients g =
          reference.backward(doubles(u), doubles(dy), batch, length, x0Re, x0Im, null);
      g.params()
          .forEach(
              (k, v) -> {
                INDArray view = gradViews.get(k);
                view.assign(Nd4j.createFromArray(v).reshape(view.shape()));
              });
      return array(g.du(), batch, length, h);
    }
    S4DLayer kernel = new S4DLayer(floatParams);
    S4DParams grads = S4DParams.zeros(config);
    float[] du = new float[batch * length * h];
    S4DState init = initial == null ? null : toState(initial, batch);
    kernel.backward(floats(u), floats(dy), batch, length, init, null, du, grads, null);
    grads
        .arrays()
        .forEach(
            (k, v) -> {
              INDArray view = gradViews.get(k);
              view.assign(Nd4j.createFromArray(v).reshape(view.shape()));
            });
    return array(du, batch, length, h);
  }

  private S4DState toState(State s, int batch) {
    S4DState st = new S4DState(batch, config.channels(), config.stateSize());
    if (s != null) {
      System.arraycopy(floats(s.re()), 0, st.re, 0, st.re.length);
      System.arraycopy(floats(s.im()), 0, st.im, 0, st.im.length);
    }
    return st;
  }

  private static void checkBatch(State s, int batch) {
    if (s != null && s.re().size(0) != batch) {
      throw new IllegalStateException(
          "Invalid stored S4D state batch = "
              + s.re().size(0)
              + "; input batch = "
              + batch
              + " (call rnnClearPreviousState() when the batch changes)");
    }
  }

  private INDArray array(float[] v, long... shape) {
    return Nd4j.createFromArray(v).reshape('c', shape).castTo(type);
  }

  private INDArray array(double[] v, long... shape) {
    return Nd4j.createFromArray(v).reshape('c', shape).castTo(type);
  }

  /** A c-order float copy of any array (detached). */
  static float[] floats(INDArray x) {
    INDArray c = Nd4j.createUninitializedDetached(DataType.FLOAT, 'c', x.shape());
    c.assign(x);
    return c.data().asFloat();
  }

  /** A c-order double copy of any array (detached). */
  static double[] doubles(INDArray x) {
    INDArray c = Nd4j.createUninitializedDetached(DataType.DOUBLE, 'c', x.shape());
    c.assign(x);
    return c.data().asDouble();
  }
}
