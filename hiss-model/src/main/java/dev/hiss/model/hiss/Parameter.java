package dev.hiss.model.hiss;

/**
 * One trainable tensor of a HiSS model: its live value array and the live gradient accumulator of
 * the same length. Both arrays are the model's backing arrays, not copies, so an optimizer updates
 * {@code value} in place and {@link HissModel#zeroGrad()} clears {@code grad}.
 *
 * @param name a stable, unique, dotted name (e.g. {@code level0.block1.kernel.cRe}), used as the
 *     key in model files
 * @param value the parameter values (flat, row-major)
 * @param grad the gradient accumulator, same length as {@code value}
 */
public record Parameter(String name, float[] value, float[] grad) {

  /** Validates that both arrays exist and have the same length. */
  public Parameter {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("Invalid name = " + name + "; must be non-empty");
    }
    if (value == null || grad == null || value.length != grad.length) {
      throw new IllegalArgumentException(
          "Invalid parameter "
              + name
              + ": value/grad lengths "
              + (value == null ? "null" : value.length)
              + "/"
              + (grad == null ? "null" : grad.length)
              + " must be equal");
    }
  }
}
