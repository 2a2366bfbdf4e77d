package dev.hiss.model.ssm;

import java.util.Arrays;

/**
 * A batch of complex hidden states with one set of modes per channel: real and imaginary parts as
 * flat arrays of shape [batch, channels, stateSize] (row-major, index (b·H + h)·N + n). The state
 * of the per-channel layers {@link S4DState} and {@link S4State}.
 */
public abstract class ComplexModeState {

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
  protected ComplexModeState(int batch, int channels, int stateSize) {
    if (batch <= 0) {
      throw new IllegalArgumentException("Invalid batch = " + batch + "; must be > 0");
    }
    this.batch = batch;
    this.channels = channels;
    this.stateSize = stateSize;
    this.re = new float[batch * channels * stateSize];
    this.im = new float[batch * channels * stateSize];
  }

  /** Copies another state of the same shape into this one. */
  protected final void copyFrom(ComplexModeState other) {
    System.arraycopy(other.re, 0, re, 0, re.length);
    System.arraycopy(other.im, 0, im, 0, im.length);
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

  /** Returns true when every entry is zero (±0). */
  final boolean isZero() {
    for (int i = 0; i < re.length; i++) {
      if (re[i] != 0f || im[i] != 0f) {
        return false;
      }
    }
    return true;
  }

  final void checkShape(
      int expectedBatch, int expectedChannels, int expectedStateSize, String what) {
    if (batch != expectedBatch || channels != expectedChannels || stateSize != expectedStateSize) {
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
              + expectedChannels
              + ", "
              + expectedStateSize
              + "]");
    }
  }
}
