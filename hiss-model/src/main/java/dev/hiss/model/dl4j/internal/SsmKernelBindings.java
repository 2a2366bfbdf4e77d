package dev.hiss.model.dl4j.internal;

import dev.hiss.model.ssm.MambaConfig;
import dev.hiss.model.ssm.MambaLayer;
import dev.hiss.model.ssm.MambaParams;
import dev.hiss.model.ssm.MambaReference;
import dev.hiss.model.ssm.MambaState;
import dev.hiss.model.ssm.S4Config;
import dev.hiss.model.ssm.S4DConfig;
import dev.hiss.model.ssm.S4DLayer;
import dev.hiss.model.ssm.S4DParams;
import dev.hiss.model.ssm.S4DReference;
import dev.hiss.model.ssm.S4DState;
import dev.hiss.model.ssm.S4Layer;
import dev.hiss.model.ssm.S4Params;
import dev.hiss.model.ssm.S4Reference;
import dev.hiss.model.ssm.S4State;
import dev.hiss.model.ssm.S5Config;
import dev.hiss.model.ssm.S5Layer;
import dev.hiss.model.ssm.S5Params;
import dev.hiss.model.ssm.S5Reference;
import dev.hiss.model.ssm.S5State;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The {@link SsmCompute} bindings of the four kernels: each loads the parameter views into the
 * kernel's params object (float path) or its double twin (DOUBLE networks) and forwards the
 * primitive-array calls, with the per-step Δt scale and reset mask of the layer's side channels
 * (null when the layer has none).
 */
final class SsmKernelBindings {

  private SsmKernelBindings() {}

  /**
   * Copies the parameter views into the double twin's arrays when there is one, else into the float
   * kernel's arrays (same names).
   */
  private static void load(
      Map<String, float[]> floats, Map<String, double[]> exact, Map<String, INDArray> src) {
    if (exact != null) {
      exact.forEach((k, v) -> System.arraycopy(SsmCompute.doubles(src.get(k)), 0, v, 0, v.length));
    } else {
      floats.forEach((k, v) -> System.arraycopy(SsmCompute.floats(src.get(k)), 0, v, 0, v.length));
    }
  }

  /** S4D: state parts re, im [batch, H·N]. */
  static final class S4D extends SsmCompute<S4DState> {
    private final S4DConfig config;
    private final S4DLayer layer;
    private final S4DReference ref;

    S4D(S4DConfig c, Map<String, INDArray> params, DataType type) {
      super(type, c.channels(), c.channels() * c.stateSize(), c.channels() * c.stateSize());
      config = c;
      S4DParams p = S4DParams.zeros(c);
      ref = exact() ? S4DReference.of(p) : null;
      load(p.arrays(), ref == null ? null : ref.params, params);
      layer = new S4DLayer(p);
    }

    @Override
    S4DState newState(int batch) {
      return layer.initialState(batch);
    }

    @Override
    float[][] parts(S4DState s) {
      return new float[][] {s.re, s.im};
    }

    @Override
    void forward(
        float[] u,
        int batch,
        int length,
        float[] y,
        boolean[] reset,
        float[] dt,
        S4DState init,
        S4DState last) {
      layer.forward(u, batch, length, y, init, reset, dt, last);
    }

    @Override
    void step(float[] x, float[] dt, S4DState state, float[] y) {
      layer.step(x, dt, state, y);
    }

    @Override
    Map<String, float[]> backward(
        float[] u,
        float[] dy,
        int batch,
        int length,
        boolean[] reset,
        float[] dt,
        S4DState init,
        float[] du) {
      S4DParams g = S4DParams.zeros(config);
      layer.backward(u, dy, batch, length, init, reset, dt, du, g, null);
      return g.arrays();
    }

    @Override
    double[] forwardExact(
        double[] u,
        int batch,
        int length,
        boolean[] reset,
        double[] dt,
        double[][] x0,
        double[][] last) {
      return ref.forward(u, batch, length, x0[0], x0[1], reset, dt, last[0], last[1]);
    }

    @Override
    Exact backwardExact(
        double[] u,
        double[] dy,
        int batch,
        int length,
        boolean[] reset,
        double[] dt,
        double[][] x0) {
      S4DReference.Gradients g = ref.backward(u, dy, batch, length, x0[0], x0[1], reset, dt);
      return new Exact(g.params(), g.du());
    }
  }

  /** S4 (DPLR): state parts re, im [batch, H·N]. */
  static final class S4 extends SsmCompute<S4State> {
    private final S4Config config;
    private final S4Layer layer;
    private final S4Reference ref;

    S4(S4Config c, Map<String, INDArray> params, DataType type) {
      super(type, c.channels(), c.channels() * c.stateSize(), c.channels() * c.stateSize());
      config = c;
      S4Params p = S4Params.zeros(c);
      ref = exact() ? S4Reference.of(p) : null;
      load(p.arrays(), ref == null ? null : ref.params, params);
      layer = new S4Layer(p);
    }

    @Override
    S4State newState(int batch) {
      return layer.initialState(batch);
    }

    @Override
    float[][] parts(S4State s) {
      return new float[][] {s.re, s.im};
    }

    @Override
    void forward(
        float[] u,
        int batch,
        int length,
        float[] y,
        boolean[] reset,
        float[] dt,
        S4State init,
        S4State last) {
      layer.forward(u, batch, length, y, init, reset, dt, last);
    }

    @Override
    void step(float[] x, float[] dt, S4State state, float[] y) {
      layer.step(x, dt, state, y);
    }

    @Override
    Map<String, float[]> backward(
        float[] u,
        float[] dy,
        int batch,
        int length,
        boolean[] reset,
        float[] dt,
        S4State init,
        float[] du) {
      S4Params g = S4Params.zeros(config);
      layer.backward(u, dy, batch, length, init, reset, dt, du, g, null);
      return g.arrays();
    }

    @Override
    double[] forwardExact(
        double[] u,
        int batch,
        int length,
        boolean[] reset,
        double[] dt,
        double[][] x0,
        double[][] last) {
      return ref.forward(u, batch, length, x0[0], x0[1], reset, dt, last[0], last[1]);
    }

    @Override
    Exact backwardExact(
        double[] u,
        double[] dy,
        int batch,
        int length,
        boolean[] reset,
        double[] dt,
        double[][] x0) {
      S4Reference.Gradients g = ref.backward(u, dy, batch, length, x0[0], x0[1], reset, dt);
      return new Exact(g.params(), g.du());
    }
  }

  /** S5: state parts re, im [batch, M]. */
  static final class S5 extends SsmCompute<S5State> {
    private final S5Config config;
    private final S5Layer layer;
    private final S5Reference ref;

    S5(S5Config c, Map<String, INDArray> params, DataType type) {
      super(type, c.channels(), c.modes(), c.modes());
      config = c;
      S5Params p = S5Params.zeros(c);
      ref = exact() ? S5Reference.of(p) : null;
      load(p.arrays(), ref == null ? null : ref.params, params);
      layer = new S5Layer(p);
    }

    @Override
    S5State newState(int batch) {
      return layer.initialState(batch);
    }

    @Override
    float[][] parts(S5State s) {
      return new float[][] {s.re, s.im};
    }

    @Override
    void forward(
        float[] u,
        int batch,
        int length,
        float[] y,
        boolean[] reset,
        float[] dt,
        S5State init,
        S5State last) {
      layer.forward(u, batch, length, y, init, reset, dt, last);
    }

    @Override
    void step(float[] x, float[] dt, S5State state, float[] y) {
      layer.step(x, dt, state, y);
    }

    @Override
    Map<String, float[]> backward(
        float[] u,
        float[] dy,
        int batch,
        int length,
        boolean[] reset,
        float[] dt,
        S5State init,
        float[] du) {
      S5Params g = S5Params.zeros(config);
      layer.backward(u, dy, batch, length, init, reset, dt, du, g, null);
      return g.arrays();
    }

    @Override
    double[] forwardExact(
        double[] u,
        int batch,
        int length,
        boolean[] reset,
        double[] dt,
        double[][] x0,
        double[][] last) {
      return ref.forward(u, batch, length, x0[0], x0[1], reset, dt, last[0], last[1]);
    }

    @Override
    Exact backwardExact(
        double[] u,
        double[] dy,
        int batch,
        int length,
        boolean[] reset,
        double[] dt,
        double[][] x0) {
      S5Reference.Gradients g = ref.backward(u, dy, batch, length, x0[0], x0[1], reset, dt);
      return new Exact(g.params(), g.du());
    }
  }

  /** Mamba: state parts ssm [batch, I·N] and conv [batch, I·(K−1)]. */
  static final class Mamba extends SsmCompute<MambaState> {
    private final MambaConfig config;
    private final MambaLayer layer;
    private final MambaReference ref;

    Mamba(MambaConfig c, Map<String, INDArray> params, DataType type) {
      super(type, c.dModel(), c.dInner() * c.dState(), c.dInner() * (c.dConv() - 1));
      config = c;
      MambaParams p = MambaParams.zeros(c);
      ref = exact() ? MambaReference.of(p) : null;
      load(p.arrays(), ref == null ? null : ref.params, params);
      layer = new MambaLayer(p);
    }

    @Override
    MambaState newState(int batch) {
      return layer.initialState(batch);
    }

    @Override
    float[][] parts(MambaState s) {
      return new float[][] {s.ssm, s.conv};
    }

    @Override
    void forward(
        float[] u,
        int batch,
        int length,
        float[] y,
        boolean[] reset,
        float[] dt,
        MambaState init,
        MambaState last) {
      layer.forward(u, batch, length, y, init, reset, dt, last);
    }

    @Override
    void step(float[] x, float[] dt, MambaState state, float[] y) {
      layer.step(x, dt, state, y);
    }

    @Override
    Map<String, float[]> backward(
        float[] u,
        float[] dy,
        int batch,
        int length,
        boolean[] reset,
        float[] dt,
        MambaState init,
        float[] du) {
      MambaParams g = MambaParams.zeros(config);
      layer.backward(u, dy, batch, length, init, reset, dt, du, g);
      return g.arrays();
    }

    @Override
    double[] forwardExact(
        double[] u,
        int batch,
        int length,
        boolean[] reset,
        double[] dt,
        double[][] x0,
        double[][] last) {
      return ref.forward(u, batch, length, x0[0], x0[1], reset, dt, last[0], last[1]);
    }

    @Override
    Exact backwardExact(
        double[] u,
        double[] dy,
        int batch,
        int length,
        boolean[] reset,
        double[] dt,
        double[][] x0) {
      MambaReference.Gradients g = ref.backward(u, dy, batch, length, x0[0], x0[1], reset, dt);
      return new Exact(g.params(), g.du());
    }
  }
}
