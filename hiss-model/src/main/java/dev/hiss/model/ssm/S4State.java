package dev.hiss.model.ssm;

import java.util.Arrays;

/**
 * The complex hidden state of an S4 (DPLR) layer for a batch: real and imaginary parts as flat
 * arrays of shape [batch, channels, stateSize] (row-major, index (b·H + h)·N + n).
 */
public final class S4State {

  /** Batch size. */
  public final int batch;

  /** H. */
  public final int channels;

  /** N. */
  public final int stateSize;

  /** Re x, [batch·H·N]. */
  public final float[] re;

  /** Im x, [batch·H·N]. */
  public final float[] im;

  /**
   * A zero state.
   *
   * @param batch batch size, ≥ 1
   * @param channels H
   * @param stateSize N
   */
  public S4State(int batch, int channels, int stateSize) {
    if (batch <= 0) {
      throw new IllegalArgumentException("Invalid batch = " + batch + "; must be > 0");
    }
    this.batch = batch;
    this.channels = channels;
    this.stateSize = stateSize;
    this.re = new float[batch * channels * stateSize];
    this.im = new float[batch * channels * stateSize];
  }

  /** Returns a deep copy. */
  public S4State copy() {
    S4State c = new S4State(batch, channels, stateSize);
    System.arraycopy(re, 0, c.re, 0, re.length);
    System.arraycopy(im, 0, c.im, 0, im.length);
    return c;
  }

  /** Sets the state to zero. */
  public void clear() {
    Arrays.fill(re, 0f);
    Arrays.fill(im, 0f);
  }

  /**
   * Sets the state of one series to zero (e.g. at a chunk boundary).
   *
   * @param b batch index
   */
  public void clear(int b) {
    int from = b * channels * stateSize;
    int to = from + channels * stateSize;
    Arrays.fill(re, from, to, 0f);
    Arrays.fill(im, from, to, 0f);
  }

  void checkShape(int expectedBatch, S4Config config, String what) {
    if (batch != expectedBatch
        || channels != config.channels()
        || stateSize != config.stateSize()) {
      throw new IllegalArgumentException(
          "Invalid "
              + what
              + " shape = ["
              + batch
              + ", "
              + channels
              + ", "
              + stateSize
              + "]; must be ["
              + expectedBatch
              + ", "
              + config.channels()
              + ", "
              + config.stateSize()
              + "]");
    }
  }
}
