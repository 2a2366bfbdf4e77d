package dev.hiss.model.rnn;

import java.util.Arrays;

/**
 * The state of an LSTM layer for a batch: hidden state h and cell state c, each a flat array of
 * shape [batch, H] (row-major, index b·H + j).
 */
public final class LstmState {

  /** Batch size. */
  public final int batch;

  /** H, hidden size. */
  public final int hidden;

  /** h, [batch·H]. */
  public final float[] h;

  /** c, [batch·H]. */
  public final float[] c;

  /**
   * A zero state.
   *
   * @param batch batch size, ≥ 1
   * @param hidden H, ≥ 1
   */
  public LstmState(int batch, int hidden) {
    if (batch <= 0) {
      throw new IllegalArgumentException("Invalid batch = " + batch + "; must be > 0");
    }
    if (hidden <= 0) {
      throw new IllegalArgumentException("Invalid hidden = " + hidden + "; must be > 0");
    }
    this.batch = batch;
    this.hidden = hidden;
    this.h = new float[batch * hidden];
    this.c = new float[batch * hidden];
  }

  /** Returns a deep copy. */
  public LstmState copy() {
    LstmState s = new LstmState(batch, hidden);
    System.arraycopy(h, 0, s.h, 0, h.length);
    System.arraycopy(c, 0, s.c, 0, c.length);
    return s;
  }

  /** Sets the state to zero. */
  public void clear() {
    Arrays.fill(h, 0f);
    Arrays.fill(c, 0f);
  }

  /**
   * Sets the state of one series to zero (e.g. at a HiSS chunk boundary).
   *
   * @param b batch index
   */
  public void clear(int b) {
    Arrays.fill(h, b * hidden, (b + 1) * hidden, 0f);
    Arrays.fill(c, b * hidden, (b + 1) * hidden, 0f);
  }

  void checkShape(int expectedBatch, LstmConfig config, String what) {
    if (batch != expectedBatch || hidden != config.hiddenSize()) {
      throw new IllegalArgumentException(
          "Invalid "
              + what
              + " shape = ["
              + batch
              + ", "
              + hidden
              + "]; must be ["
              + expectedBatch
              + ", "
              + config.hiddenSize()
              + "]");
    }
  }
}
