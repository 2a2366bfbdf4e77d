package dev.hiss.model.ssm;

import java.util.Arrays;

/**
 * The streaming state of a Mamba mixer for a batch (mamba_ssm's {@code ssm_state} and {@code
 * conv_state}), as flat row-major arrays (I = E·D = dInner, N = dState, K = dConv):
 *
 * <ul>
 *   <li>{@code ssm} [batch, I, N], index (b·I + i)·N + n: the selective-scan state h;
 *   <li>{@code conv} [batch, I, K−1], index (b·I + i)·(K−1) + j: the last K−1 pre-conv inputs x,
 *       oldest first (j = K−2 is the most recent step).
 * </ul>
 *
 * <p>mamba_ssm keeps K values in its conv_state including the current input; the current input is
 * never needed between steps, so K−1 suffice.
 */
public final class MambaState {

  /** Batch size. */
  public final int batch;

  /** I = E·D. */
  public final int dInner;

  /** N. */
  public final int dState;

  /** K − 1, the conv buffer length. */
  public final int convLength;

  /** SSM state h, [batch, I, N]. */
  public final float[] ssm;

  /** Conv buffer, [batch, I, K−1]. */
  public final float[] conv;

  /**
   * A zero state.
   *
   * @param batch batch size, ≥ 1
   * @param config the mixer configuration
   */
  public MambaState(int batch, MambaConfig config) {
    if (batch <= 0) {
      throw new IllegalArgumentException("Invalid batch = " + batch + "; must be > 0");
    }
    this.batch = batch;
    this.dInner = config.dInner();
    this.dState = config.dState();
    this.convLength = config.dConv() - 1;
    this.ssm = new float[batch * dInner * dState];
    this.conv = new float[batch * dInner * convLength];
  }

  private MambaState(MambaState other) {
    this.batch = other.batch;
    this.dInner = other.dInner;
    this.dState = other.dState;
    this.convLength = other.convLength;
    this.ssm = other.ssm.clone();
    this.conv = other.conv.clone();
  }

  /** Returns a deep copy. */
  public MambaState copy() {
    return new MambaState(this);
  }

  /** Sets the whole state to zero. */
  public void clear() {
    Arrays.fill(ssm, 0f);
    Arrays.fill(conv, 0f);
  }

  /**
   * Sets the SSM state AND the conv buffer of one series to zero (the HiSS chunk reset).
   *
   * @param b batch index
   */
  public void clear(int b) {
    Arrays.fill(ssm, b * dInner * dState, (b + 1) * dInner * dState, 0f);
    Arrays.fill(conv, b * dInner * convLength, (b + 1) * dInner * convLength, 0f);
  }

  void checkShape(int expectedBatch, MambaConfig config, String what) {
    if (batch != expectedBatch
        || dInner != config.dInner()
        || dState != config.dState()
        || convLength != config.dConv() - 1) {
      throw new IllegalArgumentException(
          "Invalid "
              + what
              + " shape = ["
              + batch
              + ", "
              + dInner
              + ", "
              + dState
              + "] + conv ["
              + batch
              + ", "
              + dInner
              + ", "
              + convLength
              + "]; must be ["
              + expectedBatch
              + ", "
              + config.dInner()
              + ", "
              + config.dState()
              + "] + conv ["
              + expectedBatch
              + ", "
              + config.dInner()
              + ", "
              + (config.dConv() - 1)
              + "]");
    }
  }
}
