package dev.hiss.model.ssm;

/**
 * The complex hidden state of an S4 (DPLR) layer for a batch: real and imaginary parts as flat
 * arrays of shape [batch, channels, stateSize] (row-major, index (b·H + h)·N + n).
 */
public final class S4State extends ComplexModeState {

  /**
   * A zero state.
   *
   * @param batch batch size, ≥ 1
   * @param channels H
   * @param stateSize N
   */
  public S4State(int batch, int channels, int stateSize) {
    super(batch, channels, stateSize);
  }

  /** Returns a deep copy. */
  public S4State copy() {
    S4State c = new S4State(batch, channels, stateSize);
    c.copyFrom(this);
    return c;
  }

  void checkShape(int expectedBatch, S4Config config, String what) {
    checkShape(expectedBatch, config.channels(), config.stateSize(), what);
  }
}
