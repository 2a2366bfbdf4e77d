package dev.hiss.model.ssm;

import java.util.Arrays;

/**
 * The complex hidden state of an S5 layer for a batch: one shared state of M = {@link
 * S5Config#modes()} complex modes per series, real and imaginary parts as flat arrays of shape
 * [batch, M] (row-major, index b·M + m).
 */
public final class S5State {

  /** Batch size. */
  public final int batch;

  /** M, stored modes per series. */
  public final int modes;

  /** Re x, [batch·M]. */
  public final float[] re;

  /** Im x, [batch·M]. */
  public final float[] im;

  /**
   * A zero state.
   *
   * @param batch batch size, ≥ 1
   * @param modes M, ≥ 1
   */
  public S5State(int batch, int modes) {
    if (batch <= 0) {
      throw new IllegalArgumentException("Invalid batch = " + batch + "; must be > 0");
    }
    if (modes <= 0) {
      throw new IllegalArgumentException("Invalid modes = " + modes + "; must be > 0");
    }
    this.batch = batch;
    this.modes = modes;
    this.re = new float[batch * modes];
    this.im = new float[batch * modes];
  }

  /** Returns a deep copy. */
  public S5State copy() {
    S5State c = new S5State(batch, modes);
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
   * Sets the state of one series to zero (e.g. at a HiSS chunk boundary).
   *
   * @param b batch index
   */
  public void clear(int b) {
    Arrays.fill(re, b * modes, (b + 1) * modes, 0f);
    Arrays.fill(im, b * modes, (b + 1) * modes, 0f);
  }

  void checkShape(int expectedBatch, S5Config config, String what) {
    if (batch != expectedBatch || modes != config.modes()) {
      throw new IllegalArgumentException(
          "Invalid "
              + what
              + " shape = ["
              + batch
              + ", "
              + modes
              + "]; must be ["
              + expectedBatch
              + ", "
              + config.modes()
              + "]");
    }
  }
}
