package dev.hiss.model.ssm;

import java.util.Map;

/**
 * The common batch face of the four SSM kernels ({@link S4DLayer}, {@link S4Layer}, {@link
 * S5Layer}, {@link MambaLayer}): forward and backward over [batch, length, width] with an optional
 * initial state, reset mask and Δt scale, streaming steps, and the state's arrays. Code that only
 * moves arrays in and out of a kernel (the DL4J bindings, the HiSS residual blocks) is written once
 * against it; each kernel keeps its own richer methods (FFT paths, dL/d(initial state)).
 *
 * <p>All sequence tensors are row-major [batch, length, width]; reset masks and Δt scales are
 * [batch, length] for passes and [batch] for steps.
 *
 * @param <S> the kernel's state type
 * @param <P> the kernel's parameter type (also its gradient accumulator type)
 */
public interface StateSpaceKernel<S, P extends StateSpaceKernel.Parameters> {

  /** Named float parameter arrays (values or gradient accumulators), in a fixed order. */
  interface Parameters {
    /** Returns name → live array, in a fixed order. */
    Map<String, float[]> arrays();
  }

  /**
   * The double-precision twin of a kernel (its {@code *Reference}) over a state of two parts, the
   * arrays of {@link #stateArrays} in the same order and layout (re and im; Mamba: ssm and conv).
   */
  interface Twin {
    /** Returns name → live double parameter array (same names and shapes as the float kernel). */
    Map<String, double[]> parameters();

    /**
     * Forward pass.
     *
     * @param u input [batch, length, width]
     * @param batch batch size
     * @param length sequence length
     * @param initial0 first part of the initial state [batch, width_0], or null (with initial1) for
     *     zero
     * @param initial1 second part of the initial state [batch, width_1], or null
     * @param reset reset mask [batch, length], or null
     * @param dtScale Δ multiplier [batch, length], or null for 1
     * @param last0 receives the first part of the final state, or null
     * @param last1 receives the second part of the final state, or null
     * @return y [batch, length, width]
     */
    double[] forward(
        double[] u,
        int batch,
        int length,
        double[] initial0,
        double[] initial1,
        boolean[] reset,
        double[] dtScale,
        double[] last0,
        double[] last1);

    /**
     * Backpropagation through time of {@link #forward}.
     *
     * @param u the forward input [batch, length, width]
     * @param dy dL/dy [batch, length, width]
     * @param batch batch size
     * @param length sequence length
     * @param initial0 first part of the forward's initial state, or null for zero
     * @param initial1 second part of the forward's initial state, or null
     * @param reset the forward's reset mask, or null
     * @param dtScale the forward's Δ multiplier, or null
     * @return dL/dθ by name and dL/du [batch, length, width]
     */
    Gradients backward(
        double[] u,
        double[] dy,
        int batch,
        int length,
        double[] initial0,
        double[] initial1,
        boolean[] reset,
        double[] dtScale);

    /** Double-precision gradients of a twin. */
    interface Gradients {
      /** Returns dL/dθ by parameter name. */
      Map<String, double[]> params();

      /** Returns dL/du [batch, length, width]. */
      double[] du();
    }
  }

  /** Returns the input and output width (H; dModel for Mamba). */
  int width();

  /** Returns the live parameters. */
  P params();

  /** Returns a zero gradient accumulator shaped like {@link #params()}. */
  P newGradients();

  /** Returns a double-precision twin over a copy of the current parameter values. */
  Twin twin();

  /**
   * A zero state.
   *
   * @param batch batch size
   * @return the state
   */
  S initialState(int batch);

  /**
   * The live arrays that hold a state, each [batch, width_i] row-major (e.g. real and imaginary
   * parts).
   *
   * @param state the state
   * @return its arrays, in a fixed order
   */
  float[][] stateArrays(S state);

  /** Returns width_i, the per-series width of each state array. */
  default int[] stateWidths() {
    float[][] parts = stateArrays(initialState(1));
    int[] w = new int[parts.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = parts[i].length;
    }
    return w;
  }

  /**
   * Forward pass.
   *
   * @param u input [batch, length, width]
   * @param batch batch size
   * @param length sequence length
   * @param y output [batch, length, width], overwritten
   * @param initial initial state, or null for zero
   * @param reset per-step reset mask [batch, length], or null
   * @param dtScale per-step Δ multiplier [batch, length], each &gt; 0 and finite, or null for 1
   * @param finalState receives the state after the last step, or null
   */
  void forward(
      float[] u,
      int batch,
      int length,
      float[] y,
      S initial,
      boolean[] reset,
      float[] dtScale,
      S finalState);

  /**
   * Backward pass (recomputes the forward). Parameter gradients are ADDED to {@code grads}; {@code
   * du} is overwritten.
   *
   * @param u the forward input [batch, length, width]
   * @param dy dL/dy [batch, length, width]
   * @param batch batch size
   * @param length sequence length
   * @param initial the forward's initial state, or null for zero
   * @param reset the forward's reset mask [batch, length], or null
   * @param dtScale the forward's Δ multiplier [batch, length], or null (no gradient for it)
   * @param du receives dL/du [batch, length, width], or null
   * @param grads accumulates dL/dθ
   */
  void backward(
      float[] u,
      float[] dy,
      int batch,
      int length,
      S initial,
      boolean[] reset,
      float[] dtScale,
      float[] du,
      P grads);

  /**
   * One streaming step of every series, updating {@code state} in place.
   *
   * @param x input [batch, width]
   * @param dtScale Δ multiplier [batch], or null for 1
   * @param state the state, updated
   * @param y output [batch, width], overwritten
   */
  void step(float[] x, float[] dtScale, S state, float[] y);

  /** Re-derives cached discretizations after the parameters changed (before streaming). */
  void refresh();
}
