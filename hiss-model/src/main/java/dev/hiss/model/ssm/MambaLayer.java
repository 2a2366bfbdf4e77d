package dev.hiss.model.ssm;

import java.util.stream.IntStream;

/**
 * The Mamba (S6) selective state-space mixer over primitive {@code float[]} arrays (Gu &amp; Dao
 * 2023, "Mamba: Linear-Time Sequence Modeling with Selective State Spaces", arXiv 2312.00752,
 * Algorithm 2 / §3.2; mamba_ssm 1.x {@code Mamba.forward} with {@code selective_scan_ref};
 * HISS-MATH §3.4). Per series and step t, with I = E·D inner channels and N states:
 *
 * <pre>
 * [x_t, z_t] = W_in u_t                          (no bias)
 * xs_t = SiLU(Σ_k w_k ∘ x_{t−K+1+k} + b_conv)     depthwise causal conv, w_{K−1} on the newest
 * [δ_t, B_t, C_t] = W_x xs_t                      (no bias; B_t, C_t ∈ ℝ^N shared by all I)
 * Δ_t = softplus(W_dt δ_t + b_dt)                 (threshold 20)
 * h_t[i,n] = exp(Δ_t[i]·A[i,n])·h_{t−1}[i,n] + Δ_t[i]·B_t[n]·xs_t[i],   A = −exp(aLog)
 * y_t[i] = (Σ_n C_t[n]·h_t[i,n] + D[i]·xs_t[i]) · SiLU(z_t[i])
 * out_t = W_out y_t                               (no bias)
 * </pre>
 *
 * B̄ = Δ·B is mamba's Euler rule, not the paper's full ZOH (HISS-MATH §4). A reset before step t
 * (the HiSS per-chunk reset) zeroes h_{t−1} AND the conv buffer, i.e. x_s for s &lt; t is read as
 * zero by the windows of steps ≥ t. The scan is sequential in float32; parameter gradients are
 * accumulated per series in double. Work is split over the series of the batch on the common
 * fork-join pool for large inputs; results do not depend on the split.
 *
 * <p>Sequences are row-major [batch, length, dModel]; states are {@link MambaState} (ssm [batch, I,
 * N], conv [batch, I, dConv−1]); reset masks are [batch, length]. Backward keeps all SSM states of
 * one series, i.e. 4·length·I·N bytes per series in flight. Not thread-safe for concurrent calls
 * that share a state or a gradient accumulator.
 */
public final class MambaLayer implements StateSpaceKernel<MambaState, MambaParams> {

  private static final long PARALLEL_THRESHOLD = 1L << 16;

  private final MambaConfig config;
  private final MambaParams params;
  private volatile float[] cachedA;

  /**
   * A layer reading the given live parameters (updates to them are seen by the next forward,
   * backward or {@link #refresh()}).
   *
   * @param params the parameters
   */
  public MambaLayer(MambaParams params) {
    this.params = params;
    this.config = params.config;
  }

  /** Returns the configuration. */
  public MambaConfig config() {
    return config;
  }

  /** Returns the live parameters. */
  public MambaParams params() {
    return params;
  }

  @Override
  public int width() {
    return config.dModel();
  }

  @Override
  public MambaParams newGradients() {
    return MambaParams.zeros(config);
  }

  @Override
  public MambaReference twin() {
    return MambaReference.of(params);
  }

  /** Returns the state's arrays {ssm, conv}. */
  @Override
  public float[][] stateArrays(MambaState state) {
    return new float[][] {state.ssm, state.conv};
  }

  /**
   * A zero state for streaming or for forward with an explicit initial state.
   *
   * @param batch batch size
   * @return zero state: ssm [batch, E·D, dState], conv [batch, E·D, dConv−1]
   */
  public MambaState initialState(int batch) {
    return new MambaState(batch, config);
  }

  /**
   * Recomputes A = −exp(aLog) for {@link #step}; call after changing aLog if only streaming follows
   * (forward and backward refresh automatically).
   */
  public void refresh() {
    cachedA = MambaKernel.negExp(params.aLog);
  }

  private float[] freshA() {
    float[] a = MambaKernel.negExp(params.aLog);
    cachedA = a;
    return a;
  }

  /**
   * Forward pass from the zero state.
   *
   * @param u input [batch, length, dModel]
   * @param batch batch size
   * @param length sequence length
   * @param y output [batch, length, dModel], overwritten
   */
  public void forward(float[] u, int batch, int length, float[] y) {
    forward(u, batch, length, y, null, null, null);
  }

  /**
   * Forward pass.
   *
   * @param u input [batch, length, dModel]
   * @param batch batch size
   * @param length sequence length
   * @param y output [batch, length, dModel], overwritten
   * @param initial initial state (ssm [batch, E·D, dState], conv [batch, E·D, dConv−1]), or null
   *     for zero; not modified unless it is also {@code finalState}
   * @param reset per-step reset mask [batch, length] (SSM state and conv buffer zeroed before that
   *     step), or null
   * @param finalState receives the state after the last step, or null; may be {@code initial}
   */
  public void forward(
      float[] u,
      int batch,
      int length,
      float[] y,
      MambaState initial,
      boolean[] reset,
      MambaState finalState) {
    forward(u, batch, length, y, initial, reset, null, finalState);
  }

  /**
   * Forward pass with Δt-aware discretization for irregularly sampled series: the selective step
   * becomes Δ_t = softplus(W_dt δ_t + b_dt)·dtScale[b·length + t] (per inner channel, the same
   * multiplier for all), so a gap k times the nominal one decays the state as exp(k·Δ·A) and
   * weights the input by k·Δ. dtScale = (real gap)/(nominal gap). With dtScale null this is {@link
   * #forward(float[], int, int, float[], MambaState, boolean[], MambaState)}; with dtScale ≡ 1 the
   * outputs are bit-identical to it.
   *
   * @param u input [batch, length, dModel]
   * @param batch batch size
   * @param length sequence length
   * @param y output [batch, length, dModel], overwritten
   * @param initial initial state, or null for zero; not modified unless it is also finalState
   * @param reset per-step reset mask [batch, length], or null
   * @param dtScale per-step Δ multiplier [batch, length], each &gt; 0 and finite, or null for 1
   * @param finalState receives the state after the last step, or null; may be {@code initial}
   */
  public void forward(
      float[] u,
      int batch,
      int length,
      float[] y,
      MambaState initial,
      boolean[] reset,
      float[] dtScale,
      MambaState finalState) {
    KernelChecks.sequence(u, batch, length, config.dModel(), "dModel", "u");
    KernelChecks.sequence(y, batch, length, config.dModel(), "dModel", "y");
    KernelChecks.optional(
        initial, finalState, "final state", reset, batch, length, this::checkState);
    KernelChecks.scale(dtScale, batch * length);
    float[] a = freshA();
    series(batch, length)
        .forEach(
            b ->
                new MambaKernel(params, a, length)
                    .withScale(dtScale)
                    .forward(u, b, initial, reset, y, finalState, false));
  }

  /**
   * Backward pass (recomputes the forward). Parameter gradients are ADDED to {@code grads}; {@code
   * du} is overwritten. The gradient with respect to the initial state is not computed.
   *
   * @param u the forward input [batch, length, dModel]
   * @param dy dL/dy [batch, length, dModel]
   * @param batch batch size
   * @param length sequence length
   * @param initial the forward's initial state, or null for zero
   * @param reset the forward's reset mask [batch, length], or null
   * @param du receives dL/du [batch, length, dModel], or null
   * @param grads accumulates dL/dθ for every parameter (same shapes as the parameters)
   */
  public void backward(
      float[] u,
      float[] dy,
      int batch,
      int length,
      MambaState initial,
      boolean[] reset,
      float[] du,
      MambaParams grads) {
    backward(u, dy, batch, length, initial, reset, null, du, grads);
  }

  /**
   * Backward pass of the Δt-aware forward (recomputes the forward; dL/dsoftplus(·) =
   * dL/dΔ_t·dtScale_t, no gradient for dtScale). With dtScale ≡ 1 the results are bit-identical to
   * the plain backward.
   *
   * @param u the forward input [batch, length, dModel]
   * @param dy dL/dy [batch, length, dModel]
   * @param batch batch size
   * @param length sequence length
   * @param initial the forward's initial state, or null for zero
   * @param reset the forward's reset mask [batch, length], or null
   * @param dtScale the forward's per-step Δ multiplier [batch, length], or null
   * @param du receives dL/du [batch, length, dModel], or null
   * @param grads accumulates dL/dθ for every parameter (same shapes as the parameters)
   */
  public void backward(
      float[] u,
      float[] dy,
      int batch,
      int length,
      MambaState initial,
      boolean[] reset,
      float[] dtScale,
      float[] du,
      MambaParams grads) {
    KernelChecks.backward(u, dy, du, batch, length, config.dModel(), "dModel");
    KernelChecks.optional(initial, null, "final state", reset, batch, length, this::checkState);
    KernelChecks.scale(dtScale, batch * length);
    if (!grads.config.equals(config)) {
      throw new IllegalArgumentException(
          "Invalid grads config = " + grads.config + "; must be " + config);
    }
    float[] a = freshA();
    MambaGradients[] perSeries = new MambaGradients[batch];
    series(batch, length)
        .forEach(
            b -> {
              MambaGradients g = new MambaGradients(params);
              new MambaKernel(params, a, length)
                  .withScale(dtScale)
                  .backward(u, dy, b, initial, reset, du, g);
              perSeries[b] = g;
            });
    for (int b = 1; b < batch; b++) {
      perSeries[0].add(perSeries[b]);
    }
    perSeries[0].addTo(grads);
  }

  /**
   * One streaming timestep for every series of the batch (mamba_ssm {@code Mamba.step}), updating
   * {@code state} in place; identical arithmetic to {@link #forward} with length 1. For a HiSS
   * chunk reset call {@link MambaState#clear(int)} before the step. Uses A from the last
   * forward/backward/{@link #refresh()} (computed on first use).
   *
   * @param xIn input [batch, dModel]
   * @param state the state (ssm [batch, E·D, dState], conv [batch, E·D, dConv−1]), updated
   * @param yOut output [batch, dModel], overwritten
   */
  public void step(float[] xIn, MambaState state, float[] yOut) {
    step(xIn, null, state, yOut);
  }

  /**
   * One streaming timestep with a per-series Δt multiplier (Δ = softplus(·)·dtScale[b]); identical
   * arithmetic to the Δt-aware forward with length 1.
   *
   * @param xIn input [batch, dModel]
   * @param dtScale Δ multiplier [batch], each &gt; 0 and finite, or null for 1
   * @param state the state, updated in place
   * @param yOut output [batch, dModel], overwritten
   */
  public void step(float[] xIn, float[] dtScale, MambaState state, float[] yOut) {
    int batch = state.batch;
    state.checkShape(batch, config, "state");
    int dm = config.dModel();
    KernelChecks.step(xIn, yOut, batch * dm, "dModel");
    float[] a = cachedA;
    if (a == null) {
      a = freshA();
    }
    KernelChecks.scale(dtScale, batch);
    MambaKernel k = new MambaKernel(params, a, 1).withScale(dtScale);
    for (int b = 0; b < batch; b++) {
      k.forward(xIn, b, state, null, yOut, state, false);
    }
  }

  private IntStream series(int batch, int length) {
    IntStream s = IntStream.range(0, batch);
    long work = (long) batch * length * config.dInner() * config.dState();
    return work >= PARALLEL_THRESHOLD && batch > 1 ? s.parallel() : s;
  }

  private void checkState(MambaState state, int batch, String what) {
    state.checkShape(batch, config, what);
  }
}
