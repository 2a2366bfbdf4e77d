package dev.hiss.model.ssm;

/**
 * Argument validation shared by the SSM kernels ({@link S4DLayer}, {@link S4Layer}, {@link
 * S5Layer}, {@link MambaLayer}): shapes of sequences, optional states and masks, Δt scales, step
 * buffers and gradient accumulators. Each kernel passes its width and the name of it in messages
 * ("H", "dModel") and, for states, how to check one.
 */
final class KernelChecks {

  private KernelChecks() {}

  /** How a kernel checks that a state is [batch, …] for its configuration. */
  interface StateShape<S> {
    void check(S state, int batch, String what);
  }

  /**
   * Checks batch, length &gt; 0 and that {@code x} is [batch, length, width].
   *
   * @param widthName the width's name in the message ("H", "dModel")
   */
  static void sequence(float[] x, int batch, int length, int width, String widthName, String name) {
    if (batch <= 0 || length <= 0) {
      throw new IllegalArgumentException(
          "Invalid batch/length = " + batch + "/" + length + "; must be > 0");
    }
    long expected = (long) batch * length * width;
    if (x == null || x.length != expected) {
      throw new IllegalArgumentException(
          "Invalid "
              + name
              + " length = "
              + (x == null ? "null" : x.length)
              + "; must be batch·length·"
              + widthName
              + " = "
              + expected);
    }
  }

  /** Checks the sequences of a backward pass: u, dy and (when not null) du. */
  static void backward(
      float[] u, float[] dy, float[] du, int batch, int length, int width, String widthName) {
    sequence(u, batch, length, width, widthName, "u");
    sequence(dy, batch, length, width, widthName, "dy");
    if (du != null) {
      sequence(du, batch, length, width, widthName, "du");
    }
  }

  /**
   * Checks the optional initial state, a second state ({@code otherName}: the final state or
   * dL/d(initial state)) and the reset mask [batch, length], in that order; nulls pass.
   */
  static <S> void optional(
      S initial,
      S other,
      String otherName,
      boolean[] reset,
      int batch,
      int length,
      StateShape<S> shape) {
    if (initial != null) {
      shape.check(initial, batch, "initial state");
    }
    if (other != null) {
      shape.check(other, batch, otherName);
    }
    if (reset != null && reset.length != batch * length) {
      throw new IllegalArgumentException(
          "Invalid reset length = " + reset.length + "; must be batch·length = " + batch * length);
    }
  }

  /** Checks a Δ multiplier array (null passes): the expected length, every entry &gt; 0, finite. */
  static void scale(float[] dtScale, int expected) {
    if (dtScale == null) {
      return;
    }
    if (dtScale.length != expected) {
      throw new IllegalArgumentException(
          "Invalid dtScale length = " + dtScale.length + "; must be " + expected);
    }
    for (int i = 0; i < dtScale.length; i++) {
      if (!(dtScale[i] > 0) || !Float.isFinite(dtScale[i])) {
        throw new IllegalArgumentException(
            "Invalid dtScale[" + i + "] = " + dtScale[i] + "; must be > 0 and finite");
      }
    }
  }

  /** Checks step buffers: xIn and yOut of length batch·width. */
  static void step(float[] xIn, float[] yOut, int expected, String widthName) {
    if (xIn.length != expected || yOut.length != expected) {
      throw new IllegalArgumentException(
          "Invalid xIn/yOut length = "
              + xIn.length
              + "/"
              + yOut.length
              + "; must be batch·"
              + widthName
              + " = "
              + expected);
    }
  }

  /** Throws "Invalid grads config = …" unless {@code matches}. */
  static void grads(boolean matches, Object gradsConfig) {
    if (!matches) {
      throw new IllegalArgumentException("Invalid grads config = " + gradsConfig);
    }
  }
}
