package dev.hiss.model.ssm;

import dev.hiss.model.ssm.internal.S5Backprop;
import dev.hiss.model.ssm.internal.S5System;
import java.util.stream.IntStream;

/**
 * The S5 layer kernel over primitive {@code float[]} arrays (Smith, Warrington &amp; Linderman,
 * ICLR 2023, "Simplified State Space Layers for Sequence Modeling", arXiv 2208.04933, eqs. 2–5 and
 * §3; lindermanlab/S5 {@code s5/ssm.py}; HISS-MATH §3.3): one MIMO diagonal complex SSM with M =
 * {@link S5Config#modes()} stored modes driven by all H channels, run as a sequential scan.
 *
 * <pre>
 * x_k = Λ̄_k∘x_{k−1} + B̄_k u_k,     B̄_k = f_k∘B̃ (row-wise),   x_{−1} = initial state (zero by default)
 * y_k = s·Re(C̃ x_k) + D∘u_k,        s = 2 under conjugate symmetry, else 1
 * </pre>
 *
 * with Λ̄, f from {@link S5Config#discretization()} at Δ_{k,m} = exp(logDt_m)·dtScale_k (dtScale =
 * 1 unless a per-step scale is given, as for irregular sampling; S5's {@code step_rescale}). A
 * reset before step k (the HiSS per-chunk reset) reads x_{k−1} as zero. The paper's parallel scan
 * is replaced by a sequential scan (same recurrence; HISS-MATH §4 notes the two differ by
 * rounding). The discretization runs in double and is rounded once; the scan runs in float32;
 * parameter gradients are accumulated in double per series.
 *
 * <p>All sequence tensors are row-major [batch, length, H]; states are [batch, M] ({@link
 * S5State}); reset masks and dtScale are [batch, length]. Work is split over the series of the
 * batch on the common fork-join pool for large inputs; results do not depend on the split. Backward
 * keeps 16·length·M bytes per series in flight. Not thread-safe for concurrent calls that share a
 * state or a gradient accumulator.
 */
public final class S5Layer implements StateSpaceKernel<S5State, S5Params> {

  private static final long PARALLEL_THRESHOLD = 1L << 16;

  private final S5Config config;
  private final S5Params params;
  private volatile S5System cached;

  /**
   * A layer reading the given live parameters (updates to them are seen by the next forward,
   * backward or {@link #refresh()}).
   *
   * @param params the parameters
   */
  public S5Layer(S5Params params) {
    this.params = params;
    this.config = params.config;
  }

  /** Returns the configuration. */
  public S5Config config() {
    return config;
  }

  /** Returns the live parameters. */
  public S5Params params() {
    return params;
  }

  @Override
  public int width() {
    return config.channels();
  }

  @Override
  public S5Params newGradients() {
    return S5Params.zeros(config);
  }

  @Override
  public S5Reference twin() {
    return S5Reference.of(params);
  }

  /** Returns the state's arrays {re, im}. */
  @Override
  public float[][] stateArrays(S5State state) {
    return new float[][] {state.re, state.im};
  }

  /** The backward pass without dL/d(initial state) ({@link StateSpaceKernel#backward}). */
  @Override
  public void backward(
      float[] u,
      float[] dy,
      int batch,
      int length,
      S5State initial,
      boolean[] reset,
      float[] dtScale,
      float[] du,
      S5Params grads) {
    backward(u, dy, batch, length, initial, reset, dtScale, du, grads, null);
  }

  /**
   * A zero state for streaming or for forward with an explicit initial state.
   *
   * @param batch batch size
   * @return zero state of shape [batch, M]
   */
  public S5State initialState(int batch) {
    return new S5State(batch, config.modes());
  }

  /**
   * Re-discretizes the parameters for {@link #step}; call after changing parameters if only
   * streaming follows (forward and backward refresh automatically).
   */
  public void refresh() {
    cached = new S5System(params);
  }

  private S5System fresh() {
    S5System s = new S5System(params);
    cached = s;
    return s;
  }

  /**
   * Forward pass from the zero state.
   *
   * @param u input [batch, length, H]
   * @param batch batch size
   * @param length sequence length
   * @param y output [batch, length, H], overwritten
   */
  public void forward(float[] u, int batch, int length, float[] y) {
    forward(u, batch, length, y, null, null, null, null);
  }

  /**
   * Forward pass.
   *
   * @param u input [batch, length, H]
   * @param batch batch size
   * @param length sequence length
   * @param y output [batch, length, H], overwritten
   * @param initial initial state [batch, M], or null for zero; not modified unless it is also
   *     {@code finalState}
   * @param reset per-step reset mask [batch, length] (state zeroed before that step), or null
   * @param dtScale per-step Δ multiplier [batch, length], each &gt; 0 and finite, or null for 1
   * @param finalState receives the state after the last step [batch, M], or null
   */
  public void forward(
      float[] u,
      int batch,
      int length,
      float[] y,
      S5State initial,
      boolean[] reset,
      float[] dtScale,
      S5State finalState) {
    KernelChecks.sequence(u, batch, length, config.channels(), "H", "u");
    KernelChecks.sequence(y, batch, length, config.channels(), "H", "y");
    KernelChecks.optional(initial, finalState, "state", reset, batch, length, this::checkState);
    KernelChecks.scale(dtScale, batch * length);
    S5System s = fresh();
    int mc = config.modes();
    int hc = config.channels();
    series(batch, length)
        .forEach(
            b -> {
              float[] xr = new float[mc];
              float[] xi = new float[mc];
              float[] bur = new float[mc];
              float[] bui = new float[mc];
              float[][] disc = discretization(s, dtScale != null);
              if (initial != null) {
                System.arraycopy(initial.re, b * mc, xr, 0, mc);
                System.arraycopy(initial.im, b * mc, xi, 0, mc);
              }
              for (int t = 0; t < length; t++) {
                int k = b * length + t;
                if (reset != null && reset[k]) {
                  java.util.Arrays.fill(xr, 0f);
                  java.util.Arrays.fill(xi, 0f);
                }
                if (dtScale != null) {
                  s.discretize(dtScale[k], disc[0], disc[1], disc[2], disc[3]);
                }
                s.step(
                    xr, xi, 0, u, k * hc, y, k * hc, bur, bui, 0, disc[0], disc[1], disc[2],
                    disc[3]);
              }
              if (finalState != null) {
                System.arraycopy(xr, 0, finalState.re, b * mc, mc);
                System.arraycopy(xi, 0, finalState.im, b * mc, mc);
              }
            });
  }

  /**
   * Backward pass (recomputes the forward states). Parameter gradients are ADDED to {@code grads};
   * {@code du} and {@code dInitial} are overwritten.
   *
   * @param u the forward input [batch, length, H]
   * @param dy dL/dy [batch, length, H]
   * @param batch batch size
   * @param length sequence length
   * @param initial the forward's initial state [batch, M], or null for zero
   * @param reset the forward's reset mask [batch, length], or null
   * @param dtScale the forward's per-step Δ multiplier [batch, length], or null (no gradient is
   *     returned for it)
   * @param du receives dL/du [batch, length, H], or null
   * @param grads accumulates dL/dθ for every parameter (same shapes as the parameters)
   * @param dInitial receives dL/d(initial state) [batch, M] (convention dL/dRe + i·dL/dIm), or null
   */
  public void backward(
      float[] u,
      float[] dy,
      int batch,
      int length,
      S5State initial,
      boolean[] reset,
      float[] dtScale,
      float[] du,
      S5Params grads,
      S5State dInitial) {
    KernelChecks.backward(u, dy, du, batch, length, config.channels(), "H");
    KernelChecks.optional(initial, dInitial, "state", reset, batch, length, this::checkState);
    KernelChecks.scale(dtScale, batch * length);
    KernelChecks.grads(
        grads.config.channels() == config.channels() && grads.config.modes() == config.modes(),
        grads.config);
    S5System s = fresh();
    S5Backprop[] parts = new S5Backprop[batch];
    series(batch, length)
        .forEach(
            b -> {
              S5Backprop bp = new S5Backprop(s);
              bp.series(
                  u,
                  dy,
                  du,
                  b,
                  length,
                  initial == null ? null : initial.re,
                  initial == null ? null : initial.im,
                  reset,
                  dtScale,
                  dInitial == null ? null : dInitial.re,
                  dInitial == null ? null : dInitial.im);
              parts[b] = bp;
            });
    for (S5Backprop bp : parts) {
      bp.addTo(grads);
    }
  }

  /**
   * One streaming timestep for every series of the batch, updating {@code state} in place; equal to
   * the corresponding step of {@link #forward}. Uses Λ̄ and f from the last forward/backward/{@link
   * #refresh()} (computed on first use); B̃, C̃ and D are read live.
   *
   * @param xIn input [batch, H]
   * @param state the state [batch, M], updated in place
   * @param yOut output [batch, H], overwritten
   */
  public void step(float[] xIn, S5State state, float[] yOut) {
    step(xIn, null, state, yOut);
  }

  /**
   * One streaming timestep with a per-series Δ multiplier (irregular sampling).
   *
   * @param xIn input [batch, H]
   * @param dtScale Δ multiplier [batch], each &gt; 0 and finite, or null for 1
   * @param state the state [batch, M], updated in place
   * @param yOut output [batch, H], overwritten
   */
  public void step(float[] xIn, float[] dtScale, S5State state, float[] yOut) {
    int hc = config.channels();
    int mc = config.modes();
    int batch = state.batch;
    state.checkShape(batch, config, "state");
    KernelChecks.step(xIn, yOut, batch * hc, "H");
    KernelChecks.scale(dtScale, batch);
    S5System s = cached;
    if (s == null) {
      s = fresh();
    }
    float[][] disc = discretization(s, dtScale != null);
    float[] bur = new float[mc];
    float[] bui = new float[mc];
    for (int b = 0; b < batch; b++) {
      if (dtScale != null) {
        s.discretize(dtScale[b], disc[0], disc[1], disc[2], disc[3]);
      }
      s.step(
          state.re, state.im, b * mc, xIn, b * hc, yOut, b * hc, bur, bui, 0, disc[0], disc[1],
          disc[2], disc[3]);
    }
  }

  /** The shared constant discretization, or fresh per-step buffers. */
  private static float[][] discretization(S5System s, boolean perStep) {
    if (!perStep) {
      return new float[][] {s.aRe, s.aIm, s.fRe, s.fIm};
    }
    int m = s.modes;
    return new float[][] {new float[m], new float[m], new float[m], new float[m]};
  }

  private IntStream series(int batch, int length) {
    IntStream s = IntStream.range(0, batch);
    long work = (long) batch * length * config.channels() * config.modes();
    return work >= PARALLEL_THRESHOLD && batch > 1 ? s.parallel() : s;
  }

  private void checkState(S5State state, int batch, String what) {
    state.checkShape(batch, config, what);
  }
}
