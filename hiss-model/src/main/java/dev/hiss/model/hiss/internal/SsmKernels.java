package dev.hiss.model.hiss.internal;

import dev.hiss.model.attention.TransformerConfig;
import dev.hiss.model.attention.TransformerLayer;
import dev.hiss.model.attention.TransformerParams;
import dev.hiss.model.attention.TransformerState;
import dev.hiss.model.hiss.LevelConfig;
import dev.hiss.model.hiss.Parameter;
import dev.hiss.model.rnn.LstmConfig;
import dev.hiss.model.rnn.LstmLayer;
import dev.hiss.model.rnn.LstmParams;
import dev.hiss.model.rnn.LstmState;
import dev.hiss.model.ssm.MambaConfig;
import dev.hiss.model.ssm.MambaLayer;
import dev.hiss.model.ssm.MambaParams;
import dev.hiss.model.ssm.S4Config;
import dev.hiss.model.ssm.S4DConfig;
import dev.hiss.model.ssm.S4DLayer;
import dev.hiss.model.ssm.S4DParams;
import dev.hiss.model.ssm.S4Layer;
import dev.hiss.model.ssm.S4Params;
import dev.hiss.model.ssm.S5Config;
import dev.hiss.model.ssm.S5Layer;
import dev.hiss.model.ssm.S5Params;
import dev.hiss.model.ssm.StateSpaceKernel;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * {@link SsmKernel} adapters over the kernels of {@code dev.hiss.model.ssm} the LSTM of {@code
 * dev.hiss.model.rnn} and the Transformer block of {@code dev.hiss.model.attention}: one {@link
 * Adapter} wired to each kernel's forward, backward, state and step.
 */
final class SsmKernels {

  private SsmKernels() {}

  /** S4D (S4D-Lin, ZOH, Δ ∈ [1e-3, 1e-1]). */
  static SsmKernel s4d(int width, int stateSize, long seed) {
    return adapt(new S4DLayer(S4DParams.initialize(S4DConfig.defaults(width, stateSize), seed)));
  }

  /** S4 DPLR (HiPPO-LegS, bilinear, Δ ∈ [1e-3, 1e-1]). */
  static SsmKernel s4(int width, int stateSize, long seed) {
    return adapt(new S4Layer(S4Params.initialize(S4Config.defaults(width, stateSize), seed)));
  }

  /** Mamba mixer (mamba_ssm defaults, state size from the level). */
  static SsmKernel mamba(int width, int stateSize, long seed) {
    MambaConfig d = MambaConfig.defaults(width);
    MambaConfig c = d.withSizes(stateSize, d.dConv(), d.expand(), d.dtRank());
    return adapt(new MambaLayer(MambaParams.initialize(c, seed)));
  }

  /**
   * S5 with {@code modes} stored complex modes (P = 2·modes, one HiPPO-N block, ZOH, Δ ∈ [1e-3,
   * 1e-1], conjugate symmetry) and eigenvalues clipped to Re λ ≤ −1e-4, so that a trained level
   * stays stable over the unbounded streams of the scorer.
   */
  static SsmKernel s5(int width, int modes, long seed) {
    S5Config c = S5Config.defaults(width, 2 * modes, 1).withClipEigs(true);
    return adapt(new S5Layer(S5Params.initialize(c, seed)));
  }

  /**
   * The adapter of an SSM kernel: forward and backward from the zero state with the Δt scale, its
   * own gradient accumulator.
   */
  private static <S, P extends StateSpaceKernel.Parameters> SsmKernel adapt(
      StateSpaceKernel<S, P> layer) {
    P grads = layer.newGradients();
    return new Adapter<S>(
        layer.width(),
        (u, dt, b, l, y) -> layer.forward(u, b, l, y, null, null, dt, null),
        (u, dt, dy, b, l, du) -> layer.backward(u, dy, b, l, null, null, dt, du, grads),
        layer::initialState,
        layer::stateArrays,
        layer::step,
        layer::refresh,
        () -> layer.params().arrays(),
        grads.arrays());
  }

  /** LSTM with input and hidden size {@code width} (torch layout, forget-gate bias 1). */
  static SsmKernel lstm(int width, long seed) {
    LstmConfig c = LstmConfig.defaults(width, width);
    LstmLayer layer = new LstmLayer(LstmParams.initialize(c, seed));
    LstmParams grads = LstmParams.zeros(c);
    return new Adapter<LstmState>(
        c.hiddenSize(),
        noDtPass("LSTM", layer::forward),
        (u, dt, dy, b, l, du) -> layer.backward(u, dy, b, l, null, null, du, grads, null),
        layer::initialState,
        s -> new float[][] {s.h, s.c},
        noDtStep("LSTM", layer::step),
        () -> {},
        () -> layer.params().arrays(),
        grads.arrays());
  }

  /**
   * A whole causal Transformer block (pre-LayerNorm ALiBi attention over the last {@code window}
   * positions, GELU MLP of width 4H, residuals) with {@link
   * LevelConfig.LayerType#transformerHeads(int)} heads; its state is the KV cache (keys, values,
   * ring metadata), which zeroing empties.
   */
  static SsmKernel transformer(int width, int window, long seed) {
    TransformerConfig c =
        new TransformerConfig(
            width, LevelConfig.LayerType.transformerHeads(width), 4 * width, window);
    TransformerLayer layer = new TransformerLayer(TransformerParams.initialize(c, seed));
    TransformerParams grads = TransformerParams.zeros(c);
    return new Adapter<TransformerState>(
        c.width(),
        noDtPass("TRANSFORMER", layer::forward),
        (u, dt, dy, b, l, du) -> layer.backward(u, dy, b, l, null, null, du, grads),
        layer::initialState,
        s -> new float[][] {s.keys, s.values, s.meta},
        noDtStep("TRANSFORMER", layer::step),
        () -> {},
        () -> layer.params().arrays(),
        grads.arrays()) {
      @Override
      public float[] forward(float[] u, float[] dt, int batch, int length, float[][] masks) {
        requireNoDt("TRANSFORMER", dt);
        float[] y = new float[u.length];
        layer.forward(u, batch, length, y, null, null, null, mask(masks, 0), mask(masks, 1));
        return y;
      }

      @Override
      public float[] backward(
          float[] u, float[] dt, float[] dy, int batch, int length, float[][] masks) {
        requireNoDt("TRANSFORMER", dt);
        float[] du = new float[u.length];
        layer.backward(u, dy, batch, length, null, null, mask(masks, 0), mask(masks, 1), du, grads);
        return du;
      }
    };
  }

  /** Mask i of a Transformer kernel's masks (attention, MLP), or null. */
  private static float[] mask(float[][] masks, int i) {
    if (masks != null && masks.length != 2) {
      throw new IllegalArgumentException(
          "Invalid dropout masks length = " + masks.length + "; must be 2 (attention, MLP)");
    }
    return masks == null ? null : masks[i];
  }

  /**
   * A batch pass of a kernel: {@code out} is filled from {@code in}, both [batch, length, H], with
   * the Δ multiplier {@code dt} [batch, length] (null: 1).
   */
  interface Pass {
    void run(float[] in, float[] dt, int batch, int length, float[] out);
  }

  /** A batch pass of a kernel without a step size. */
  interface PlainPass {
    void run(float[] in, int batch, int length, float[] out);
  }

  /** A backward pass of a kernel: fills {@code du}, adds parameter gradients. */
  interface Backward {
    void run(float[] u, float[] dt, float[] dy, int batch, int length, float[] du);
  }

  /** One streaming step of a kernel over its own state type, Δ multiplier dt [batch] or null. */
  interface Step<S> {
    void run(float[] x, float[] dt, S state, float[] y);
  }

  /** One streaming step of a kernel without a step size. */
  interface PlainStep<S> {
    void run(float[] x, S state, float[] y);
  }

  private static Pass noDtPass(String kernel, PlainPass pass) {
    return (u, dt, b, l, y) -> {
      requireNoDt(kernel, dt);
      pass.run(u, b, l, y);
    };
  }

  private static <S> Step<S> noDtStep(String kernel, PlainStep<S> step) {
    return (x, dt, s, y) -> {
      requireNoDt(kernel, dt);
      step.run(x, s, y);
    };
  }

  private static void requireNoDt(String kernel, float[] dt) {
    if (dt != null) {
      throw new IllegalArgumentException(
          "Invalid Δt scale for a " + kernel + " kernel; it has no step size to scale");
    }
  }

  /** The one adapter: allocates outputs and wraps the kernel's state type. */
  private static class Adapter<S> implements SsmKernel {
    private final int width;
    private final Pass forward;
    private final Backward backward;
    private final IntFunction<S> initialState;
    private final Function<S, float[][]> stateArrays;
    private final Step<S> step;
    private final Runnable refresh;
    private final Supplier<Map<String, float[]>> values;
    private final Map<String, float[]> grads;

    Adapter(
        int width,
        Pass forward,
        Backward backward,
        IntFunction<S> initialState,
        Function<S, float[][]> stateArrays,
        Step<S> step,
        Runnable refresh,
        Supplier<Map<String, float[]>> values,
        Map<String, float[]> grads) {
      this.width = width;
      this.forward = forward;
      this.backward = backward;
      this.initialState = initialState;
      this.stateArrays = stateArrays;
      this.step = step;
      this.refresh = refresh;
      this.values = values;
      this.grads = grads;
    }

    @Override
    public int width() {
      return width;
    }

    @Override
    public float[] forward(float[] u, float[] dtScale, int batch, int length) {
      float[] y = new float[u.length];
      forward.run(u, dtScale, batch, length, y);
      return y;
    }

    @Override
    public float[] backward(float[] u, float[] dtScale, float[] dy, int batch, int length) {
      float[] du = new float[u.length];
      backward.run(u, dtScale, dy, batch, length, du);
      return du;
    }

    @Override
    public State newState(int batch) {
      return new Wrapped<>(initialState.apply(batch), stateArrays);
    }

    @Override
    public void step(float[] x, float[] dtScale, State state, float[] y) {
      step.run(x, dtScale, Wrapped.<S>unwrap(state), y);
    }

    @Override
    public void refresh() {
      refresh.run();
    }

    @Override
    public void parameters(String prefix, List<Parameter> list) {
      values.get().forEach((k, v) -> list.add(new Parameter(prefix + "." + k, v, grads.get(k))));
    }
  }

  /** A kernel-specific state behind {@link SsmKernel.State}; clearing zeroes its arrays. */
  private static final class Wrapped<T> implements SsmKernel.State {
    private final T state;
    private final float[][] arrays;

    Wrapped(T state, Function<T, float[][]> arrays) {
      this.state = state;
      this.arrays = arrays.apply(state);
    }

    @Override
    public void clear() {
      for (float[] a : arrays) {
        java.util.Arrays.fill(a, 0f);
      }
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
