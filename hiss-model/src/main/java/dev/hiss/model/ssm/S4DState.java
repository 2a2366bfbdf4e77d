package dev.hiss.model.ssm;

/**
 * The complex hidden state of an S4D layer for a batch: real and imaginary parts as flat arrays of
 * shape [batch, channels, stateSize] (row-major, index (b·H + h)·N + n).
 */
public final class S4DState extends ComplexModeState {

  /**
   * A zero state.
   *
   * @param batch batch size, ≥ 1
   * @param channels H
   * @param stateSize N
   */
  public S4DState(int batch, int channels, int stateSize) {
    super(batch, channels, stateSize);
  }

  /** Returns a deep copy. */
  public S4DState copy() {
    S4DState c = new S4DState(batch, channels, stateSize);
    c.copyFrom(this);
    return c;
  }

  void checkShape(int expectedBatch, S4DConfig config, String what) {
    checkShape(expectedBatch, config.channels(), config.stateSize(), what);
  }
}
