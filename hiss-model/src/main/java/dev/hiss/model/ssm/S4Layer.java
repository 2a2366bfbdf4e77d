package dev.hiss.model.ssm;

import dev.hiss.model.ssm.internal.DplrDiscretized;

/**
 * The original S4 layer kernel (Gu, Goel &amp; Ré, ICLR 2022, "Efficiently Modeling Long Sequences
 * with Structured State Spaces") over primitive {@code float[]} arrays: H independent channels,
 * each a complex SSM with DPLR state matrix A = diag(Λ) − P·P^H (rank 1, HiPPO-LegS initialization,
 * see {@link S4Params}) and bilinear discretization, run as a sequential scan with the O(N) rank-1
 * Woodbury step of s4.py's {@code _step_state_linear} (maths in {@code internal.DplrMath}).
 *
 * <p>Per channel h and series, on the kept half x of a conjugate-symmetric state: x_t = dA·x_{t−1}
 * + dB·u_t with dA = (I − Δ/2·A)⁻¹(I + Δ/2·A), dB = (I − Δ/2·A)⁻¹·Δ·B (x_{−1} = the initial state,
 * zero by default; with a reset mask, x_{t−1} is taken as zero before step t — the HiSS chunk
 * reset), y_t = 2·Re(Σ_n C_n x_{t,n}) + D·u_t. The step coefficients are computed in double and
 * rounded once; the scan runs in float32 and accumulates parameter gradients in double.
 *
 * <p>Deviations from s4.py: (1) the training path is this recurrence, not the Cauchy-kernel + FFT
 * convolution (same function, exact for any length, O(L·N) per channel); (2) C is parameterized
 * directly — s4.py trains C̃ = (I − dA^L)ᵀ·C for the first length L it sees and re-derives it
 * ("doubling") for longer inputs; we do not, so the function class at initialization is the same
 * but training dynamics differ slightly (HISS-MATH §3.1); (3) Im Λ is stored with the opposite sign
 * (irrelevant under conjugate symmetry); (4) no dropout, GELU or output linear: this is the SSM
 * kernel y = K∗u + D·u only.
 *
 * <p>All sequence tensors are row-major [batch, length, channels]; states are [batch, channels,
 * stateSize] ({@link S4State}); reset masks are [batch, length]. The scans live in {@code S4Scan}
 * (own Δ) and {@code S4ScaledScan} (Δt-scaled); work is split over channels on the common fork-join
 * pool for large inputs. Not thread-safe for concurrent calls that share an {@link S4State} or a
 * gradient accumulator.
 */
public final class S4Layer implements StateSpaceKernel<S4State, S4Params> {

  private final S4Config config;
  private final S4Params params;
  private volatile DplrDiscretized cached;

  /**
   * A layer reading the given live parameters (updates to them are seen by the next forward,
   * backward or {@link #refresh()}).
   *
   * @param params the parameters
   */
  public S4Layer(S4Params params) {
    this.params = params;
    this.config = params.config;
  }

  /** Returns the configuration. */
  public S4Config config() {
    return config;
  }

  /** Returns the live parameters. */
  public S4Params params() {
    return params;
  }

  @Override
  public int width() {
    return config.channels();
  }

  @Override
  public S4Params newGradients() {
    return S4Params.zeros(config);
  }

  @Override
  public S4Reference twin() {
    return S4Reference.of(params);
  }

  /** Returns the state's arrays {re, im}. */
  @Override
  public float[][] stateArrays(S4State state) {
    return new float[][] {state.re, state.im};
  }

  /** The backward pass without dL/d(initial state) ({@link StateSpaceKernel#backward}). */
  @Override
  public void backward(
      float[] u,
      float[] dy,
      int batch,
      int length,
      S4State initial,
      boolean[] reset,
      float[] dtScale,
      float[] du,
      S4Params grads) {
    backward(u, dy, batch, length, initial, reset, dtScale, du, grads, null);
  }

  /**
   * A zero state for streaming or for forward with an explicit initial state.
   *
   * @param batch batch size
   * @return zero state of shape [batch, H, N]
   */
  public S4State initialState(int batch) {
    return new S4State(batch, config.channels(), config.stateSize());
  }

  /**
   * Re-discretizes the parameters for {@link #step}; call after changing parameters if only
   * streaming follows (forward and backward refresh automatically).
   */
  public void refresh() {
    cached = discretize();
  }

  private DplrDiscretized discretize() {
    S4Params p = params;
    return DplrDiscretized.of(
        config, p.logDt, p.aReal, p.aImag, p.pRe, p.pIm, p.bRe, p.bIm, p.cRe, p.cIm, p.d);
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
      S4State initial,
      boolean[] reset,
      S4State finalState) {
    forward(u, batch, length, y, initial, reset, null, finalState);
  }

  /**
   * Forward pass with Δt-aware discretization for irregularly sampled series: step t of series b
   * runs with the step size Δ_h·dtScale[b·length + t] (Δ_h = exp(logDt_h), the layer's own step),
   * bilinear-discretized for that Δ (E, Dg, R recomputed whenever the scale changes; see {@code
   * S4ScaledScan}). dtScale = (real gap)/(nominal gap). With dtScale null this is {@link
   * #forward(float[], int, int, float[], S4State, boolean[], S4State)}; with dtScale ≡ 1 the
   * outputs are bit-identical to it.
   *
   * @param u input [batch, length, H]
   * @param batch batch size
   * @param length sequence length
   * @param y output [batch, length, H], overwritten
   * @param initial initial state [batch, H, N], or null for zero; not modified
   * @param reset per-step reset mask [batch, length] (state zeroed before that step), or null
   * @param dtScale per-step Δ multiplier [batch, length], each &gt; 0 and finite, or null for 1
   * @param finalState receives the state after the last step [batch, H, N], or null
   */
  public void forward(
      float[] u,
      int batch,
      int length,
      float[] y,
      S4State initial,
      boolean[] reset,
      float[] dtScale,
      S4State finalState) {
    KernelChecks.sequence(u, batch, length, config.channels(), "H", "u");
    KernelChecks.sequence(y, batch, length, config.channels(), "H", "y");
    KernelChecks.optional(initial, finalState, "state", reset, batch, length, this::checkState);
    if (dtScale != null) {
      KernelChecks.scale(dtScale, batch * length);
    }
    S4ScaledScan scan = new S4ScaledScan(params);
    DplrDiscretized s = dtScale == null ? discretize() : scan.discretize();
    if (dtScale == null) {
      cached = s;
    }
    new S4Scan(params, s, scan).forward(u, batch, length, y, initial, reset, dtScale, finalState);
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
      S4State initial,
      boolean[] reset,
      float[] du,
      S4Params grads,
      S4State dInitial) {
    backward(u, dy, batch, length, initial, reset, null, du, grads, dInitial);
  }

  /**
   * Backward pass of the Δt-aware forward (recomputes the forward states). Parameter gradients (all
   * of them, logDt included, with dΔ_t/dlogDt = Δ_t; none for dtScale) are ADDED to {@code grads};
   * {@code du} and {@code dInitial} are overwritten. With dtScale null this is the plain backward;
   * with dtScale ≡ 1, du and dInitial are bit-identical to it and the parameter gradients agree to
   * float rounding.
   *
   * @param u the forward input [batch, length, H]
   * @param dy dL/dy [batch, length, H]
   * @param batch batch size
   * @param length sequence length
   * @param initial the forward's initial state [batch, H, N], or null for zero
   * @param reset the forward's reset mask [batch, length], or null
   * @param dtScale the forward's per-step Δ multiplier [batch, length], or null
   * @param du receives dL/du [batch, length, H], or null
   * @param grads accumulates dL/dθ for every parameter (same shapes as the parameters)
   * @param dInitial receives dL/d(initial state) [batch, H, N], or null
   */
  public void backward(
      float[] u,
      float[] dy,
      int batch,
      int length,
      S4State initial,
      boolean[] reset,
      float[] dtScale,
      float[] du,
      S4Params grads,
      S4State dInitial) {
    KernelChecks.backward(u, dy, du, batch, length, config.channels(), "H");
    KernelChecks.optional(initial, dInitial, "state", reset, batch, length, this::checkState);
    KernelChecks.grads(
        grads.config.channels() == config.channels()
            && grads.config.stateSize() == config.stateSize(),
        grads.config);
    if (dtScale != null) {
      KernelChecks.scale(dtScale, batch * length);
    }
    S4ScaledScan scan = new S4ScaledScan(params);
    DplrDiscretized s = dtScale == null ? discretize() : scan.discretize();
    if (dtScale == null) {
      cached = s;
    }
    new S4Scan(params, s, scan)
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
  public void step(float[] xIn, S4State state, float[] yOut) {
    int batch = state.batch;
    state.checkShape(batch, config, "state");
    KernelChecks.step(xIn, yOut, batch * config.channels(), "H");
    DplrDiscretized s = cached;
    if (s == null) {
      s = discretize();
      cached = s;
    }
    S4Scan.step(config, s, xIn, state, yOut);
  }

  /**
   * One streaming timestep with a per-series Δ multiplier: series b steps with Δ_h·dtScale[b],
   * discretized from the live parameters (as {@link #forward(float[], int, int, float[], S4State,
   * boolean[], float[], S4State)} does at that step, bit for bit). With dtScale null this is {@link
   * #step(float[], S4State, float[])}.
   *
   * @param xIn input [batch, H]
   * @param dtScale Δ multiplier [batch], each &gt; 0 and finite, or null for 1
   * @param state the state [batch, H, N], updated in place
   * @param yOut output [batch, H], overwritten
   */
  public void step(float[] xIn, float[] dtScale, S4State state, float[] yOut) {
    if (dtScale == null) {
      step(xIn, state, yOut);
      return;
    }
    state.checkShape(state.batch, config, "state");
    KernelChecks.step(xIn, yOut, state.batch * config.channels(), "H");
    KernelChecks.scale(dtScale, state.batch);
    new S4ScaledScan(params).stepAll(xIn, dtScale, state, yOut);
  }

  private void checkState(S4State state, int batch, String what) {
    state.checkShape(batch, config, what);
  }
}
