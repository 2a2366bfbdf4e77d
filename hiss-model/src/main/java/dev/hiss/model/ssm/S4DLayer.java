package dev.hiss.model.ssm;

import dev.hiss.model.ssm.internal.Discretized;

/**
 * The S4D layer kernel over primitive {@code float[]} arrays: H independent channels, each a
 * diagonal complex SSM with N modes (conjugate-symmetric half), run as a sequential scan.
 *
 * <p>Per channel h and series: x_t = dA∘x_{t−1} + dB·u_t (x_{−1} = the initial state, zero by
 * default; with a reset mask, x_{t−1} is taken as zero before step t), y_t = 2·Re(Σ_n C_n x_{t,n})
 * + D·u_t. dA, dB come from {@link S4DConfig.Discretization} in double precision; the scan runs in
 * float32 and accumulates parameter gradients in double.
 *
 * <p>All sequence tensors are row-major [batch, length, channels]; states are [batch, channels,
 * stateSize] ({@link S4DState}); reset masks are [batch, length]. Work is split over channels on
 * the common fork-join pool for large inputs. Not thread-safe for concurrent calls that share a
 * {@link S4DState} or a gradient accumulator.
 *
 * <p>Without a reset mask, per-step Δ or non-zero initial state, forward and backward may run as an
 * FFT convolution instead ({@link S4DConvolution}; same results to float32 rounding, the final
 * state and dL/d(initial state) bit-identical); {@link S4DPathPolicy} chooses, {@link #pathFor}
 * reports.
 */
public final class S4DLayer implements StateSpaceKernel<S4DState, S4DParams> {

  private final S4DConfig config;
  private final S4DParams params;
  private final S4DPathPolicy policy;
  private volatile Discretized cached;

  /**
   * A layer reading the given live parameters (updates to them are seen by the next forward,
   * backward or {@link #refresh()}), with the measured automatic scan/FFT choice.
   *
   * @param params the parameters
   */
  public S4DLayer(S4DParams params) {
    this(params, S4DPathPolicy.AUTO);
  }

  /**
   * A layer with an explicit scan/FFT policy.
   *
   * @param params the parameters
   * @param policy how forward and backward choose between scan and FFT convolution
   */
  public S4DLayer(S4DParams params, S4DPathPolicy policy) {
    this.params = params;
    this.config = params.config;
    this.policy = java.util.Objects.requireNonNull(policy, "Invalid policy = null");
  }

  /** Returns the scan/FFT policy. */
  public S4DPathPolicy policy() {
    return policy;
  }

  /**
   * The algorithm {@link #forward(float[], int, int, float[], S4DState, boolean[], S4DState)} and
   * {@link #backward(float[], float[], int, int, S4DState, boolean[], float[], S4DParams,
   * S4DState)} run for these arguments: FFT only when there is no reset mask and the initial state
   * is null or all zero, and then as the policy decides for (batch, length, N).
   *
   * @param batch batch size
   * @param length sequence length
   * @param initial initial state [batch, H, N], or null
   * @param reset reset mask [batch, length], or null
   * @return the path
   */
  public S4DPathPolicy.Path pathFor(int batch, int length, S4DState initial, boolean[] reset) {
    if (reset != null || (initial != null && !initial.isZero())) {
      return S4DPathPolicy.Path.SCAN;
    }
    return policy.choose(batch, length, config.stateSize());
  }

  /** Returns the configuration. */
  public S4DConfig config() {
    return config;
  }

  /** Returns the live parameters. */
  public S4DParams params() {
    return params;
  }

  @Override
  public int width() {
    return config.channels();
  }

  @Override
  public S4DParams newGradients() {
    return S4DParams.zeros(config);
  }

  @Override
  public S4DReference twin() {
    return S4DReference.of(params);
  }

  /** Returns the state's arrays {re, im}. */
  @Override
  public float[][] stateArrays(S4DState state) {
    return new float[][] {state.re, state.im};
  }

  /** The backward pass without dL/d(initial state) ({@link StateSpaceKernel#backward}). */
  @Override
  public void backward(
      float[] u,
      float[] dy,
      int batch,
      int length,
      S4DState initial,
      boolean[] reset,
      float[] dtScale,
      float[] du,
      S4DParams grads) {
    backward(u, dy, batch, length, initial, reset, dtScale, du, grads, null);
  }

  /**
   * A zero state for streaming or for forward with an explicit initial state.
   *
   * @param batch batch size
   * @return zero state of shape [batch, H, N]
   */
  public S4DState initialState(int batch) {
    return new S4DState(batch, config.channels(), config.stateSize());
  }

  /**
   * Re-discretizes the parameters for {@link #step}; call after changing parameters if only
   * streaming follows (forward and backward refresh automatically).
   */
  public void refresh() {
    cached = discretize();
  }

  private Discretized discretize() {
    S4DParams p = params;
    return Discretized.of(config, p.logDt, p.aReal, p.aImag, p.bRe, p.bIm, p.cRe, p.cIm, p.d);
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
    forward(u, batch, length, y, null, null, null);
  }

  /**
   * Forward pass.
   *
   * @param u input [batch, length, H]
   * @param batch batch size
   * @param length sequence length
   * @param y output [batch, length, H], overwritten
   * @param initial initial state [batch, H, N], or null for zero; not modified
   * @param reset per-step reset mask [batch, length] (state zeroed before that step), or null
   * @param finalState receives the state after the last step [batch, H, N], or null
   */
  public void forward(
      float[] u,
      int batch,
      int length,
      float[] y,
      S4DState initial,
      boolean[] reset,
      S4DState finalState) {
    S4DChecks.forward(config, u, y, batch, length, initial, reset, finalState);
    Discretized s = discretize();
    cached = s;
    if (pathFor(batch, length, initial, reset) == S4DPathPolicy.Path.FFT) {
      S4DConvolution.forward(
          s, config.channels(), config.stateSize(), u, batch, length, y, finalState);
      return;
    }
    new S4DScan(params, s).forward(u, batch, length, y, initial, reset, finalState);
  }

  /**
   * Forward pass with a per-step step-size multiplier: step t of series b uses Δ = exp(logDt_h)·
   * dtScale[b·length + t] (dA, dB re-discretized per step, as {@link S5Layer} does). With dtScale
   * null this is {@link #forward(float[], int, int, float[], S4DState, boolean[], S4DState)}; with
   * dtScale ≡ 1 the outputs are bit-identical to it.
   *
   * @param u input [batch, length, H]
   * @param batch batch size
   * @param length sequence length
   * @param y output [batch, length, H], overwritten
   * @param initial initial state [batch, H, N], or null for zero; not modified
   * @param reset per-step reset mask [batch, length], or null
   * @param dtScale per-step Δ multiplier [batch, length], each &gt; 0 and finite, or null for 1
   * @param finalState receives the state after the last step [batch, H, N], or null
   */
  public void forward(
      float[] u,
      int batch,
      int length,
      float[] y,
      S4DState initial,
      boolean[] reset,
      float[] dtScale,
      S4DState finalState) {
    if (dtScale == null) {
      forward(u, batch, length, y, initial, reset, finalState);
      return;
    }
    S4DChecks.forward(config, u, y, batch, length, initial, reset, finalState);
    KernelChecks.scale(dtScale, batch * length);
    cached = discretize();
    new S4DScaledScan(params).forward(u, batch, length, y, initial, reset, dtScale, finalState);
  }

  /**
   * Forward pass as an FFT convolution y = K ∗ u + D·u (zero initial state, no reset mask; see
   * {@link S4DConvolution}). Agrees with {@link #forward(float[], int, int, float[])} to float32
   * rounding (not bit for bit) and is much faster for long sequences.
   *
   * @param u input [batch, length, H]
   * @param batch batch size
   * @param length sequence length
   * @param y output [batch, length, H], overwritten
   */
  public void forwardFft(float[] u, int batch, int length, float[] y) {
    KernelChecks.sequence(u, batch, length, config.channels(), "H", "u");
    KernelChecks.sequence(y, batch, length, config.channels(), "H", "y");
    Discretized s = discretize();
    cached = s;
    S4DConvolution.forward(s, config.channels(), config.stateSize(), u, batch, length, y, null);
  }

  /**
   * Backward pass of {@link #forwardFft}: parameter gradients are ADDED to {@code grads}, {@code
   * du} is overwritten. Agrees with the scan's backward (zero state, no reset) to float32 rounding.
   *
   * @param u the forward input [batch, length, H]
   * @param dy dL/dy [batch, length, H]
   * @param batch batch size
   * @param length sequence length
   * @param du receives dL/du [batch, length, H], or null
   * @param grads accumulates dL/dθ for every parameter
   */
  public void backwardFft(
      float[] u, float[] dy, int batch, int length, float[] du, S4DParams grads) {
    S4DChecks.backward(config, u, dy, du, batch, length, null, null, null, null, grads);
    Discretized s = discretize();
    cached = s;
    S4DConvolution.backward(params, s, u, dy, batch, length, du, grads, null);
  }

  /**
   * Backward pass (recomputes the forward states). Parameter gradients are ADDED to {@code grads};
   * {@code du} and {@code dInitial} are overwritten.
   *
   * @param u the forward input [batch, length, H]
   * @param dy dL/dy [batch, length, H]
   * @param batch batch size
   * @param length sequence length
   * @param initial the forward's initial state [batch, H, N], or null for zero
   * @param reset the forward's reset mask [batch, length], or null
   * @param du receives dL/du [batch, length, H], or null
   * @param grads accumulates dL/dθ for every parameter (same shapes as the parameters)
   * @param dInitial receives dL/d(initial state) [batch, H, N] (convention dL/dRe + i·dL/dIm), or
   *     null
   */
  public void backward(
      float[] u,
      float[] dy,
      int batch,
      int length,
      S4DState initial,
      boolean[] reset,
      float[] du,
      S4DParams grads,
      S4DState dInitial) {
    S4DChecks.backward(config, u, dy, du, batch, length, initial, reset, null, dInitial, grads);
    Discretized s = discretize();
    cached = s;
    if (pathFor(batch, length, initial, reset) == S4DPathPolicy.Path.FFT) {
      S4DConvolution.backward(params, s, u, dy, batch, length, du, grads, dInitial);
      return;
    }
    new S4DScan(params, s).backward(u, dy, batch, length, initial, reset, du, grads, dInitial);
  }

  /**
   * Backward pass of the forward with a per-step Δ multiplier. Parameter gradients are ADDED to
   * {@code grads} (none for dtScale); {@code du} and {@code dInitial} are overwritten. With dtScale
   * null this is the plain backward.
   *
   * @param u the forward input [batch, length, H]
   * @param dy dL/dy [batch, length, H]
   * @param batch batch size
   * @param length sequence length
   * @param initial the forward's initial state, or null for zero
   * @param reset the forward's reset mask [batch, length], or null
   * @param dtScale the forward's per-step Δ multiplier [batch, length], or null
   * @param du receives dL/du [batch, length, H], or null
   * @param grads accumulates dL/dθ for every parameter
   * @param dInitial receives dL/d(initial state) [batch, H, N], or null
   */
  public void backward(
      float[] u,
      float[] dy,
      int batch,
      int length,
      S4DState initial,
      boolean[] reset,
      float[] dtScale,
      float[] du,
      S4DParams grads,
      S4DState dInitial) {
    if (dtScale == null) {
      backward(u, dy, batch, length, initial, reset, du, grads, dInitial);
      return;
    }
    S4DChecks.backward(config, u, dy, du, batch, length, initial, reset, dtScale, dInitial, grads);
    cached = discretize();
    new S4DScaledScan(params)
        .backward(u, dy, batch, length, initial, reset, dtScale, du, grads, dInitial);
  }

  /**
   * One streaming timestep for every series of the batch, updating {@code state} in place. Uses the
   * discretization of the last forward/backward/{@link #refresh()} (computed on first use).
   *
   * @param xIn input [batch, H]
   * @param state the state [batch, H, N], updated in place
   * @param yOut output [batch, H], overwritten
   */
  public void step(float[] xIn, S4DState state, float[] yOut) {
    int hCount = config.channels();
    int nCount = config.stateSize();
    int batch = state.batch;
    state.checkShape(batch, config, "state");
    KernelChecks.step(xIn, yOut, batch * config.channels(), "H");
    Discretized s = cached;
    if (s == null) {
      s = discretize();
      cached = s;
    }
    S4DScan.step(config, s, xIn, state, yOut);
  }

  /**
   * One streaming timestep with a per-series Δ multiplier: series b uses Δ = exp(logDt_h)·
   * dtScale[b], discretized from the live parameters. With dtScale null this is {@link
   * #step(float[], S4DState, float[])}.
   *
   * @param xIn input [batch, H]
   * @param dtScale Δ multiplier [batch], each &gt; 0 and finite, or null for 1
   * @param state the state [batch, H, N], updated in place
   * @param yOut output [batch, H], overwritten
   */
  public void step(float[] xIn, float[] dtScale, S4DState state, float[] yOut) {
    if (dtScale == null) {
      step(xIn, state, yOut);
      return;
    }
    int hCount = config.channels();
    int batch = state.batch;
    state.checkShape(batch, config, "state");
    KernelChecks.step(xIn, yOut, batch * hCount, "H");
    KernelChecks.scale(dtScale, batch);
    new S4DScaledScan(params).stepAll(xIn, dtScale, state, yOut);
  }
}
