package dev.hiss.model.dl4j.internal;

import dev.hiss.model.dl4j.MambaLayerConf;
import dev.hiss.model.dl4j.S4DLayerConf;
import dev.hiss.model.dl4j.S4LayerConf;
import dev.hiss.model.dl4j.S5LayerConf;
import dev.hiss.model.dl4j.SsmLayerConf;
import dev.hiss.model.ssm.MambaLayer;
import dev.hiss.model.ssm.MambaParams;
import dev.hiss.model.ssm.S4DLayer;
import dev.hiss.model.ssm.S4DParams;
import dev.hiss.model.ssm.S4Layer;
import dev.hiss.model.ssm.S4Params;
import dev.hiss.model.ssm.S5Layer;
import dev.hiss.model.ssm.S5Params;
import dev.hiss.model.ssm.StateSpaceKernel;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs one SSM kernel of {@code dev.hiss.model.ssm} on ND4J arrays in the kernel layout [batch,
 * time, H] and returns detached arrays (allocated outside any workspace) of the network data type.
 * The subclass ({@link SsmKernelBindings}) binds a kernel to a snapshot of the parameter values and
 * only see primitive arrays.
 *
 * <p>Precision: a DOUBLE network runs the kernel's double-precision twin ({@code *Reference}:
 * forward, BPTT backward and streaming), so that DL4J's gradient check in double is a real check of
 * the analytic gradients; every other data type runs the float32 kernel, with parameters and
 * activations converted to float and the results cast back.
 *
 * <p>States are lists of arrays [batch, width_i], in the order of the kernel state's arrays (e.g.
 * real and imaginary part), matching the kernel's flat state layout.
 *
 * <p>Side inputs ({@link Side}): an optional per-step Δt scale and reset mask, both [batch, time]
 * row-major, passed to the kernels' dtScale and reset arguments (a streaming step resets by zeroing
 * the state of the flagged series before stepping).
 *
 * @param <S> the float kernel's state type
 */
abstract class SsmCompute<S> {

  /** A kernel state: one array [batch, width_i] per state part. */
  record State(List<INDArray> parts) {}

  /** Output [batch, time, H] and, when asked, the state after the last step. */
  record Forward(INDArray y, State last) {}

  /** Double-precision gradients: dL/dθ by name and dL/du [batch, time, H]. */
  record Exact(Map<String, double[]> params, double[] du) {}

  /**
   * Per-step side inputs.
   *
   * @param dt Δt scale [batch, time] (each finite and &gt; 0), or null for 1
   * @param reset reset mask [batch, time], or null for none
   */
  record Side(double[] dt, boolean[] reset) {
    /** No Δt scale, no reset. */
    static final Side NONE = new Side(null, null);

    float[] dtFloat() {
      if (dt == null) {
        return null;
      }
      float[] f = new float[dt.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) dt[i];
      }
      return f;
    }
  }

  private final DataType type;
  private final int width;
  private final int[] stateWidths;

  /**
   * @param type network data type (DOUBLE selects the double-precision path)
   * @param width H, the input and output channel count
   * @param stateWidths per-example width of each state part
   */
  SsmCompute(DataType type, int width, int... stateWidths) {
    this.type = type;
    this.width = width;
    this.stateWidths = stateWidths;
  }

  /**
   * A compute object for a layer configuration over a snapshot of its current parameter values.
   *
   * @param conf the layer configuration
   * @param params key → parameter view
   * @param type network data type
   * @return the compute object
   */
  static SsmCompute<?> of(SsmLayerConf conf, Map<String, INDArray> params, DataType type) {
    return outsideWorkspaces(
        () -> {
          if (conf instanceof S4DLayerConf c) {
            return bind(new S4DLayer(S4DParams.zeros(c.toS4DConfig())), params, type);
          } else if (conf instanceof S4LayerConf c) {
            return bind(new S4Layer(S4Params.zeros(c.toS4Config())), params, type);
          } else if (conf instanceof S5LayerConf c) {
            return bind(new S5Layer(S5Params.zeros(c.toS5Config())), params, type);
          } else if (conf instanceof MambaLayerConf c) {
            return bind(new MambaLayer(MambaParams.zeros(c.toMambaConfig())), params, type);
          }
          throw new IllegalArgumentException("Invalid layer configuration = " + conf);
        });
  }

  private static <S, P extends StateSpaceKernel.Parameters> SsmCompute<S> bind(
      StateSpaceKernel<S, P> kernel, Map<String, INDArray> params, DataType type) {
    return new SsmKernelBindings<>(kernel, params, type);
  }

  /** Whether this runs the double-precision reference kernel. */
  final boolean exact() {
    return type == DataType.DOUBLE;
  }

  /** A zero float state for a batch. */
  abstract S newState(int batch);

  /** The live arrays of a float state, in state-part order. */
  abstract float[][] parts(S state);

  /**
   * Float forward over [batch, length, H]; {@code initial} and {@code last} may be null, {@code
   * reset} and {@code dt} ([batch, length]) too.
   */
  abstract void forward(
      float[] u, int batch, int length, float[] y, boolean[] reset, float[] dt, S initial, S last);

  /** One float streaming step [batch, H] with Δt scale [batch] (or null), updating the state. */
  abstract void step(float[] x, float[] dt, S state, float[] y);

  /** Float backward: fills du and returns dL/dθ by name. */
  abstract Map<String, float[]> backward(
      float[] u,
      float[] dy,
      int batch,
      int length,
      boolean[] reset,
      float[] dt,
      S initial,
      float[] du);

  /** Double forward; {@code initial[i]} and {@code last[i]} are null when absent / not wanted. */
  abstract double[] forwardExact(
      double[] u,
      int batch,
      int length,
      boolean[] reset,
      double[] dt,
      double[][] initial,
      double[][] last);

  /** Double backward from the given initial state parts (null parts: zero). */
  abstract Exact backwardExact(
      double[] u,
      double[] dy,
      int batch,
      int length,
      boolean[] reset,
      double[] dt,
      double[][] initial);

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
   * @param side per-step Δt scale and reset mask
   * @param initial initial state, or null for zero
   * @param keepFinal whether to return the final state
   * @return output [batch, time, H] and the final state (null unless keepFinal)
   */
  final Forward forward(INDArray u, Side side, State initial, boolean keepFinal) {
    int batch = Math.toIntExact(u.size(0));
    int length = Math.toIntExact(u.size(1));
    checkState(initial, batch);
    return outsideWorkspaces(
        () ->
            exact()
                ? runExact(u, side, batch, length, initial, keepFinal)
                : runFloat(u, side, batch, length, initial, keepFinal));
  }

  private Forward runExact(
      INDArray u, Side side, int batch, int length, State initial, boolean keepFinal) {
    double[][] last = new double[stateWidths.length][];
    if (keepFinal) {
      for (int i = 0; i < last.length; i++) {
        last[i] = new double[batch * stateWidths[i]];
      }
    }
    double[] y =
        forwardExact(doubles(u), batch, length, side.reset(), side.dt(), exactState(initial), last);
    State fin = keepFinal ? state(batch, Stream.of(last).map(p -> Nd4j.createFromArray(p))) : null;
    return new Forward(array(Nd4j.createFromArray(y), batch, length, width), fin);
  }

  private Forward runFloat(
      INDArray u, Side side, int batch, int length, State initial, boolean keepFinal) {
    S state = floatState(initial, batch);
    float[] uf = floats(u);
    float[] y = new float[uf.length];
    S last;
    if (length == 1 && keepFinal) {
      last = state == null ? newState(batch) : state;
      resetSeries(last, side.reset(), batch);
      step(uf, side.dtFloat(), last, y); // streaming: one step from the stored state, in place
    } else {
      last = keepFinal ? newState(batch) : null;
      forward(uf, batch, length, y, side.reset(), side.dtFloat(), state, last);
    }
    State fin =
        keepFinal ? state(batch, Stream.of(parts(last)).map(p -> Nd4j.createFromArray(p))) : null;
    return new Forward(array(Nd4j.createFromArray(y), batch, length, width), fin);
  }

  /** Zeroes the state of every series whose reset flag is set (a one-step reset mask). */
  private void resetSeries(S state, boolean[] reset, int batch) {
    if (reset == null) {
      return;
    }
    float[][] p = parts(state);
    for (int b = 0; b < batch; b++) {
      if (reset[b]) {
        for (int i = 0; i < p.length; i++) {
          java.util.Arrays.fill(p[i], b * stateWidths[i], (b + 1) * stateWidths[i], 0f);
        }
      }
    }
  }

  /**
   * Backward pass: writes dL/dθ into {@code gradViews} (overwriting) and returns dL/du.
   *
   * @param u the forward input [batch, time, H]
   * @param dy dL/dy [batch, time, H]
   * @param side the forward's Δt scale and reset mask
   * @param initial the forward's initial state, or null for zero
   * @param gradViews key → gradient view
   * @return dL/du [batch, time, H]
   */
  final INDArray backward(
      INDArray u, INDArray dy, Side side, State initial, Map<String, INDArray> gradViews) {
    int batch = Math.toIntExact(u.size(0));
    int length = Math.toIntExact(u.size(1));
    checkState(initial, batch);
    return outsideWorkspaces(
        () -> {
          INDArray du;
          if (exact()) {
            Exact g =
                backwardExact(
                    doubles(u),
                    doubles(dy),
                    batch,
                    length,
                    side.reset(),
                    side.dt(),
                    exactState(initial));
            g.params().forEach((k, v) -> assign(gradViews.get(k), Nd4j.createFromArray(v)));
            du = Nd4j.createFromArray(g.du());
          } else {
            float[] duf = new float[batch * length * width];
            Map<String, float[]> g =
                backward(
                    floats(u),
                    floats(dy),
                    batch,
                    length,
                    side.reset(),
                    side.dtFloat(),
                    floatState(initial, batch),
                    duf);
            g.forEach((k, v) -> assign(gradViews.get(k), Nd4j.createFromArray(v)));
            du = Nd4j.createFromArray(duf);
          }
          return array(du, batch, length, width);
        });
  }

  /** A state from flat parts [batch·width_i] (copied, of the network data type). */
  private State state(int batch, Stream<INDArray> flat) {
    return new State(flat.map(p -> array(p, batch, p.length() / batch)).toList());
  }

  private static void assign(INDArray view, INDArray values) {
    view.assign(values.reshape(view.shape()));
  }

  private double[][] exactState(State s) {
    double[][] x = new double[stateWidths.length][];
    if (s != null) {
      for (int i = 0; i < x.length; i++) {
        x[i] = doubles(s.parts().get(i));
      }
    }
    return x;
  }

  private S floatState(State s, int batch) {
    if (s == null) {
      return null;
    }
    S st = newState(batch);
    float[][] dst = parts(st);
    for (int i = 0; i < dst.length; i++) {
      float[] src = floats(s.parts().get(i));
      System.arraycopy(src, 0, dst[i], 0, dst[i].length);
    }
    return st;
  }

  private void checkState(State s, int batch) {
    if (s == null) {
      return;
    }
    if (s.parts().size() != stateWidths.length) {
      throw new IllegalStateException(
          "Invalid stored state parts = " + s.parts().size() + "; must be " + stateWidths.length);
    }
    for (int i = 0; i < stateWidths.length; i++) {
      INDArray p = s.parts().get(i);
      if (p.rank() != 2 || p.size(0) != batch || p.size(1) != stateWidths[i]) {
        throw new IllegalStateException(
            "Invalid stored state shape = "
                + Arrays.toString(p.shape())
                + " (part "
                + i
                + "); must be [batch = "
                + batch
                + ", "
                + stateWidths[i]
                + "] (call rnnClearPreviousState() when the batch changes)");
      }
    }
  }

  private INDArray array(INDArray flat, long... shape) {
    return flat.reshape('c', shape).castTo(type);
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
