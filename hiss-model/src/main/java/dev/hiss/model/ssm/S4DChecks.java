package dev.hiss.model.ssm;

/**
 * Argument validation of {@link S4DLayer}'s passes (sequences, optional states, reset mask, Δt
 * scale, gradient accumulator), in terms of {@link KernelChecks}.
 */
final class S4DChecks {

  private S4DChecks() {}

  /** Checks u, y [batch, length, H], then the initial/final state and reset mask. */
  static void forward(
      S4DConfig config,
      float[] u,
      float[] y,
      int batch,
      int length,
      S4DState initial,
      boolean[] reset,
      S4DState finalState) {
    KernelChecks.sequence(u, batch, length, config.channels(), "H", "u");
    KernelChecks.sequence(y, batch, length, config.channels(), "H", "y");
    KernelChecks.optional(
        initial,
        finalState,
        "state",
        reset,
        batch,
        length,
        (st, b, w) -> st.checkShape(b, config, w));
  }

  /**
   * Checks u, dy, du [batch, length, H], the initial state, dL/d(initial state), the reset mask,
   * the Δt scale (nulls pass), then the gradient accumulator's shape.
   */
  static void backward(
      S4DConfig config,
      float[] u,
      float[] dy,
      float[] du,
      int batch,
      int length,
      S4DState initial,
      boolean[] reset,
      float[] dtScale,
      S4DState dInitial,
      S4DParams grads) {
    KernelChecks.backward(u, dy, du, batch, length, config.channels(), "H");
    KernelChecks.optional(
        initial,
        dInitial,
        "state",
        reset,
        batch,
        length,
        (st, b, w) -> st.checkShape(b, config, w));
    KernelChecks.scale(dtScale, batch * length);
    KernelChecks.grads(
        grads.config.channels() == config.channels()
            && grads.config.stateSize() == config.stateSize(),
        grads.config);
  }
}
