package dev.hiss.model.ssm;

/**
 * Argument validation of {@link S4DLayer} (shapes of sequences, states, masks, gradient
 * accumulators, step buffers).
 */
final class S4DChecks {

  private S4DChecks() {}

  static void sequence(S4DConfig config, float[] x, int batch, int length, String name) {
    if (batch <= 0 || length <= 0) {
      throw new IllegalArgumentException(
          "Invalid batch/length = " + batch + "/" + length + "; must be > 0");
    }
    long expected = (long) batch * length * config.channels();
    if (x == null || x.length != expected) {
      throw new IllegalArgumentException(
          "Invalid "
              + name
              + " length = "
              + (x == null ? "null" : x.length)
              + "; must be batch·length·H = "
              + expected);
    }
  }

  static void optional(
      S4DConfig config, S4DState initial, boolean[] reset, S4DState other, int batch, int length) {
    if (initial != null) {
      initial.checkShape(batch, config, "initial state");
    }
    if (other != null) {
      other.checkShape(batch, config, "state");
    }
    if (reset != null && reset.length != batch * length) {
      throw new IllegalArgumentException(
          "Invalid reset length = " + reset.length + "; must be batch·length = " + batch * length);
    }
  }

  static void grads(S4DConfig config, S4DParams grads) {
    if (grads.config.channels() != config.channels()
        || grads.config.stateSize() != config.stateSize()) {
      throw new IllegalArgumentException("Invalid grads config = " + grads.config);
    }
  }

  static void step(float[] xIn, float[] yOut, int expected) {
    if (xIn.length != expected || yOut.length != expected) {
      throw new IllegalArgumentException(
          "Invalid xIn/yOut length = "
              + xIn.length
              + "/"
              + yOut.length
              + "; must be batch·H = "
              + expected);
    }
  }
}
