package dev.hiss.model.hiss.internal;

import dev.hiss.model.hiss.LevelConfig;
import dev.hiss.model.hiss.Parameter;
import java.util.List;

/**
 * The common face of the sequence kernels (S4, S4D, Mamba, S5, the LSTM and the Transformer block)
 * inside a residual block: a causal map [batch, length, H] → [batch, length, H] from a zero initial
 * state, its backward, and streaming steps over an explicit state. Implementations in {@link
 * SsmKernels}.
 */
public interface SsmKernel {

  /** A streaming state of a kernel for a fixed batch size. */
  interface State {
    /** Zeroes the state of every series (a HiSS chunk reset). */
    void clear();

    /** The arrays that hold this state (read and written in place by export / import). */
    float[][] arrays();
  }

  /** Returns H, the input and output width. */
  int width();

  /**
   * Forward pass from the zero state.
   *
   * @param u input [batch, length, H]
   * @param batch batch size
   * @param length sequence length
   * @return y [batch, length, H]
   */
  default float[] forward(float[] u, int batch, int length) {
    return forward(u, null, batch, length);
  }

  /**
   * Forward pass from the zero state with a per-step Δt scale (the kernel's {@code dtScale}).
   *
   * @param u input [batch, length, H]
   * @param dtScale Δ multiplier [batch, length], each finite and &gt; 0, or null for 1
   * @param batch batch size
   * @param length sequence length
   * @return y [batch, length, H]
   * @throws IllegalArgumentException if dtScale is given to a kernel without a step size (LSTM,
   *     Transformer)
   */
  float[] forward(float[] u, float[] dtScale, int batch, int length);

  /**
   * Backward pass of {@link #forward} (recomputing it); parameter gradients are added to the
   * kernel's gradient accumulators (see {@link #parameters}).
   *
   * @param u the forward input [batch, length, H]
   * @param dy dL/dy [batch, length, H]
   * @param batch batch size
   * @param length sequence length
   * @return dL/du [batch, length, H]
   */
  default float[] backward(float[] u, float[] dy, int batch, int length) {
    return backward(u, null, dy, batch, length);
  }

  /**
   * Backward pass of {@link #forward(float[], float[], int, int)} (no gradient for dtScale).
   *
   * @param u the forward input [batch, length, H]
   * @param dtScale the forward's Δ multiplier [batch, length], or null
   * @param dy dL/dy [batch, length, H]
   * @param batch batch size
   * @param length sequence length
   * @return dL/du [batch, length, H]
   */
  float[] backward(float[] u, float[] dtScale, float[] dy, int batch, int length);

  /**
   * Training forward pass with dropout masks inside the kernel (the Transformer block's two
   * residual branches: attention, then MLP). Kernels without internal dropout accept only null
   * masks; null masks give exactly {@link #forward(float[], float[], int, int)}.
   *
   * @param u input [batch, length, H]
   * @param dtScale Δ multiplier [batch, length], or null for 1
   * @param batch batch size
   * @param length sequence length
   * @param masks the masks [batch, length, H] each (scale factors 0 or 1/(1 − p), or null)
   * @return y [batch, length, H]
   * @throws IllegalArgumentException if a non-null mask is given to a kernel without internal
   *     dropout
   */
  default float[] forward(float[] u, float[] dtScale, int batch, int length, float[][] masks) {
    requireNoMasks(masks);
    return forward(u, dtScale, batch, length);
  }

  /**
   * Backward of {@link #forward(float[], float[], int, int, float[][])} with the same masks.
   *
   * @param u the forward input [batch, length, H]
   * @param dtScale the forward's Δ multiplier [batch, length], or null
   * @param dy dL/dy [batch, length, H]
   * @param batch batch size
   * @param length sequence length
   * @param masks the forward's masks
   * @return dL/du [batch, length, H]
   */
  default float[] backward(
      float[] u, float[] dtScale, float[] dy, int batch, int length, float[][] masks) {
    requireNoMasks(masks);
    return backward(u, dtScale, dy, batch, length);
  }

  private static void requireNoMasks(float[][] masks) {
    if (masks != null) {
      for (float[] m : masks) {
        if (m != null) {
          throw new IllegalArgumentException(
              "Invalid dropout mask for a kernel without internal dropout; must be null");
        }
      }
    }
  }

  /**
   * A zero streaming state.
   *
   * @param batch batch size
   * @return the state
   */
  State newState(int batch);

  /**
   * One streaming step of every series, updating {@code state}.
   *
   * @param x input [batch, H]
   * @param state the state from {@link #newState(int)}
   * @return y [batch, H]
   */
  default float[] step(float[] x, State state) {
    return step(x, null, state);
  }

  /**
   * One streaming step with a per-series Δt scale.
   *
   * @param x input [batch, H]
   * @param dtScale Δ multiplier [batch], or null for 1
   * @param state the state from {@link #newState(int)}
   * @return y [batch, H]
   */
  default float[] step(float[] x, float[] dtScale, State state) {
    float[] y = new float[x.length];
    step(x, dtScale, state, y);
    return y;
  }

  /**
   * One streaming step of every series into a caller's buffer, without allocation.
   *
   * @param x input [batch, H]
   * @param dtScale Δ multiplier [batch], or null for 1
   * @param state the state from {@link #newState(int)}, updated
   * @param y output [batch, H], overwritten; not {@code x}
   */
  void step(float[] x, float[] dtScale, State state, float[] y);

  /** Re-derives cached discretizations after parameters changed (needed before streaming). */
  void refresh();

  /**
   * Adds {@code prefix.<name>} for every kernel parameter (value and gradient accumulator).
   *
   * @param prefix name prefix
   * @param list receives the parameters
   */
  void parameters(String prefix, List<Parameter> list);

  /**
   * Creates a freshly initialized kernel for a level.
   *
   * @param level the level (type, width, stateSize)
   * @param seed initialization seed
   * @return the kernel
   */
  static SsmKernel create(LevelConfig level, long seed) {
    return switch (level.type()) {
      case S4 -> SsmKernels.s4(level.width(), level.stateSize(), seed);
      case S4D -> SsmKernels.s4d(level.width(), level.stateSize(), seed);
      case MAMBA -> SsmKernels.mamba(level.width(), level.stateSize(), seed);
      case S5 -> SsmKernels.s5(level.width(), level.stateSize(), seed);
      case LSTM -> SsmKernels.lstm(level.width(), seed);
      case TRANSFORMER -> SsmKernels.transformer(level.width(), level.stateSize(), seed);
    };
  }
}
