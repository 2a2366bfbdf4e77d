package dev.hiss.model.hiss.internal;

import dev.hiss.model.hiss.Parameter;
import dev.hiss.model.ssm.MambaConfig;
import dev.hiss.model.ssm.MambaLayer;
import dev.hiss.model.ssm.MambaParams;
import dev.hiss.model.ssm.MambaState;
import dev.hiss.model.ssm.S4Config;
import dev.hiss.model.ssm.S4DConfig;
import dev.hiss.model.ssm.S4DLayer;
import dev.hiss.model.ssm.S4DParams;
import dev.hiss.model.ssm.S4DState;
import dev.hiss.model.ssm.S4Layer;
import dev.hiss.model.ssm.S4Params;
import dev.hiss.model.ssm.S4State;
import java.util.List;
import java.util.Map;

/** {@link SsmKernel} adapters over the kernels of {@code dev.hiss.model.ssm}. */
final class SsmKernels {

  private SsmKernels() {}

  private static void add(
      String prefix, Map<String, float[]> values, Map<String, float[]> grads, List<Parameter> l) {
    values.forEach((k, v) -> l.add(new Parameter(prefix + "." + k, v, grads.get(k))));
  }

  /** S4D (S4D-Lin, ZOH, Δ ∈ [1e-3, 1e-1]). */
  static final class S4D implements SsmKernel {
    private final S4DLayer layer;
    private final S4DParams grads;

    S4D(int width, int stateSize, long seed) {
      S4DConfig c = S4DConfig.defaults(width, stateSize);
      layer = new S4DLayer(S4DParams.initialize(c, seed));
      grads = S4DParams.zeros(c);
    }

    @Override
    public int width() {
      return layer.config().channels();
    }

    @Override
    public float[] forward(float[] u, int batch, int length) {
      float[] y = new float[u.length];
      layer.forward(u, batch, length, y);
      return y;
    }

    @Override
    public float[] backward(float[] u, float[] dy, int batch, int length) {
      float[] du = new float[u.length];
      layer.backward(u, dy, batch, length, null, null, du, grads, null);
      return du;
    }

    @Override
    public State newState(int batch) {
      S4DState s = layer.initialState(batch);
      return new Wrapped<>(s, s::clear, new float[][] {s.re, s.im});
    }

    @Override
    public float[] step(float[] x, State state) {
      float[] y = new float[x.length];
      layer.step(x, Wrapped.<S4DState>unwrap(state), y);
      return y;
    }

    @Override
    public void refresh() {
      layer.refresh();
    }

    @Override
    public void parameters(String prefix, List<Parameter> list) {
      add(prefix, layer.params().arrays(), grads.arrays(), list);
    }
  }

  /** S4 DPLR (HiPPO-LegS, bilinear, Δ ∈ [1e-3, 1e-1]). */
  static final class S4 implements SsmKernel {
    private final S4Layer layer;
    private final S4Params grads;

    S4(int width, int stateSize, long seed) {
      S4Config c = S4Config.defaults(width, stateSize);
      layer = new S4Layer(S4Params.initialize(c, seed));
      grads = S4Params.zeros(c);
    }

    @Override
    public int width() {
      return layer.config().channels();
    }

    @Override
    public float[] forward(float[] u, int batch, int length) {
      float[] y = new float[u.length];
      layer.forward(u, batch, length, y);
      return y;
    }

    @Override
    public float[] backward(float[] u, float[] dy, int batch, int length) {
      float[] du = new float[u.length];
      layer.backward(u, dy, batch, length, null, null, du, grads, null);
      return du;
    }

    @Override
    public State newState(int batch) {
      S4State s = layer.initialState(batch);
      return new Wrapped<>(s, s::clear, new float[][] {s.re, s.im});
    }

    @Override
    public float[] step(float[] x, State state) {
      float[] y = new float[x.length];
      layer.step(x, Wrapped.<S4State>unwrap(state), y);
      return y;
    }

    @Override
    public void refresh() {
      layer.refresh();
    }

    @Override
    public void parameters(String prefix, List<Parameter> list) {
      add(prefix, layer.params().arrays(), grads.arrays(), list);
    }
  }

  /** Mamba mixer (mamba_ssm 1.x defaults; d_state = the level's stateSize). */
  static final class Mamba implements SsmKernel {
    private final MambaLayer layer;
    private final MambaParams grads;

    Mamba(int width, int stateSize, long seed) {
      MambaConfig d = MambaConfig.defaults(width);
      MambaConfig c = d.withSizes(stateSize, d.dConv(), d.expand(), d.dtRank());
      layer = new MambaLayer(MambaParams.initialize(c, seed));
      grads = MambaParams.zeros(c);
    }

    @Override
    public int width() {
      return layer.config().dModel();
    }

    @Override
    public float[] forward(float[] u, int batch, int length) {
      float[] y = new float[u.length];
      layer.forward(u, batch, length, y);
      return y;
    }

    @Override
    public float[] backward(float[] u, float[] dy, int batch, int length) {
      float[] du = new float[u.length];
      layer.backward(u, dy, batch, length, null, null, du, grads);
      return du;
    }

    @Override
    public State newState(int batch) {
      MambaState s = layer.initialState(batch);
      return new Wrapped<>(s, s::clear, new float[][] {s.ssm, s.conv});
    }

    @Override
    public float[] step(float[] x, State state) {
      float[] y = new float[x.length];
      layer.step(x, Wrapped.<MambaState>unwrap(state), y);
      return y;
    }

    @Override
    public void refresh() {
      layer.refresh();
    }

    @Override
    public void parameters(String prefix, List<Parameter> list) {
      add(prefix, layer.params().arrays(), grads.arrays(), list);
    }
  }

  /** A kernel-specific state behind {@link SsmKernel.State}. */
  private static final class Wrapped<T> implements SsmKernel.State {
    private final T state;
    private final Runnable clear;
    private final float[][] arrays;

    Wrapped(T state, Runnable clear, float[][] arrays) {
      this.state = state;
      this.clear = clear;
      this.arrays = arrays;
    }

    @Override
    public void clear() {
      clear.run();
    }

    @Override
    public float[][] arrays() {
      return arrays;
    }

    @SuppressWarnings("unchecked")
    static <T> T unwrap(SsmKernel.State s) {
      return ((Wrapped<T>) s).state;
    }
  }
}
