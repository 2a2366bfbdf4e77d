package dev.hiss.model.rnn;

import dev.hiss.model.rnn.internal.LstmCell;
import java.util.stream.IntStream;

/**
 * A one-layer LSTM over primitive {@code float[]} arrays with the same contract as the SSM layers
 * of {@code dev.hiss.model.ssm}: forward from a zero or given state, backward (backpropagation
 * through time), streaming {@link #step} over an explicit state, and a per-step reset mask (the
 * HiSS per-chunk reset: a reset before step k reads h_{k−1} and c_{k−1} as zero). Equations and
 * weight layout are those of PyTorch's {@code torch.nn.LSTM} ({@link LstmConfig}, {@link
 * LstmParams}).
 *
 * <p>Sequences are row-major: input u [batch, length, I], output y = h [batch, length, H]; states
 * [batch, H] ({@link LstmState}); reset masks [batch, length]. The forward and the step run the
 * same float32 cell; parameter gradients are accumulated in double over the batch. Work is split
 * over the series of the batch (and over gate rows for the parameter gradients) on the common
 * fork-join pool for large inputs; results do not depend on the split. Backward keeps 24·length·H
 * bytes per series. Not thread-safe for calls that share a state or a gradient accumulator.
 */
public final class LstmLayer {

  private static final long PARALLEL_THRESHOLD = 1L << 16;

  private final LstmConfig config;
  private final LstmParams params;

  /**
   * A layer reading the given live parameters (updates are seen by the next call).
   *
   * @param params the parameters
   */
  public LstmLayer(LstmParams params) {
    this.params = params;
    this.config = params.config;
  }

  /** Returns the configuration. */
  public LstmConfig config() {
    return config;
  }

  /** Returns the live parameters. */
  public LstmParams params() {
    return params;
  }

  /**
   * A zero state.
   *
   * @param batch batch size
   * @return zero state of shape [batch, H]
   */
  public LstmState initialState(int batch) {
    return new LstmState(batch, config.hiddenSize());
  }

  /**
   * Forward pass from the zero state.
   *
   * @param u input [batch, length, I]
   * @param batch batch size
   * @param length sequence length
   * @param y output [batch, length, H], overwritten
   */
  public void forward(float[] u, int batch, int length, float[] y) {
    forward(u, batch, length, y, null, null, null);
  }

  /**
   * Forward pass.
   *
   * @param u input [batch, length, I]
   * @param batch batch size
   * @param length sequence length
   * @param y output [batch, length, H], overwritten
   * @param initial initial state [batch, H], or null for zero; not modified unless it is also
   *     {@code finalState}
   * @param reset per-step reset mask [batch, length] (state zeroed before that step), or null
   * @param finalState receives the state after the last step [batch, H], or null
   */
  public void forward(
      float[] u,
      int batch,
      int length,
      float[] y,
      LstmState initial,
      boolean[] reset,
      LstmState finalState) {
    checkSequence(u, batch, length, config.inputSize(), "u");
    checkSequence(y, batch, length, config.hiddenSize(), "y");
    checkOptional(initial, reset, finalState, batch, length);
    int in = config.inputSize();
    int hid = config.hiddenSize();
    float[] bias = bias();
    series(batch, length)
        .forEach(
            b -> {
              float[] h = new float[hid];
              float[] c = new float[hid];
              float[] act = new float[4 * hid];
              if (initial != null) {
                System.arraycopy(initial.h, b * hid, h, 0, hid);
                System.arraycopy(initial.c, b * hid, c, 0, hid);
              }
              for (int t = 0; t < length; t++) {
                int k = b * length + t;
                if (reset != null && reset[k]) {
                  java.util.Arrays.fill(h, 0f);
                  java.util.Arrays.fill(c, 0f);
                }
                LstmCell.step(params.wIh, params.wHh, bias, in, hid, u, k * in, h, c, 0, act, 0);
                System.arraycopy(h, 0, y, k * hid, hid);
              }
              if (finalState != null) {
                System.arraycopy(h, 0, finalState.h, b * hid, hid);
                System.arraycopy(c, 0, finalState.c, b * hid, hid);
              }
            });
  }

  /**
   * Backward pass (recomputes the forward). Parameter gradients are ADDED to {@code grads}; {@code
   * du} and {@code dInitial} are overwritten.
   *
   * @param u the forward input [batch, length, I]
   * @param dy dL/dy [batch, length, H]
   * @param batch batch size
   * @param length sequence length
   * @param initial the forward's initial state [batch, H], or null for zero
   * @param reset the forward's reset mask [batch, length], or null
   * @param du receives dL/du [batch, length, I], or null
   * @param grads accumulates dL/dθ for every parameter (same shapes as the parameters)
   * @param dInitial receives dL/d(initial h, c) [batch, H], or null
   */
  public void backward(
      float[] u,
      float[] dy,
      int batch,
      int length,
      LstmState initial,
      boolean[] reset,
      float[] du,
      LstmParams grads,
      LstmState dInitial) {
    int in = config.inputSize();
    int hid = config.hiddenSize();
    checkSequence(u, batch, length, in, "u");
    checkSequence(dy, batch, length, hid, "dy");
    if (du != null) {
      checkSequence(du, batch, length, in, "du");
    }
    checkOptional(initial, reset, dInitial, batch, length);
    if (!grads.config.equals(config)) {
      throw new IllegalArgumentException(
          "Invalid grads config = " + grads.config + "; must be " + config);
    }
    int rows = 4 * hid;
    float[] bias = bias();
    float[] dPre = new float[batch * length * rows];
    float[] hPrev = new float[batch * length * hid];
    series(batch, length)
        .forEach(
            b -> {
              float[] act = new float[length * rows];
              float[] cs = new float[length * hid];
              float[] h = new float[hid];
              float[] c = new float[hid];
              float[] c0 = new float[hid];
              if (initial != null) {
                System.arraycopy(initial.h, b * hid, h, 0, hid);
                System.arraycopy(initial.c, b * hid, c0, 0, hid);
                System.arraycopy(c0, 0, c, 0, hid);
              }
              for (int t = 0; t < length; t++) {
                int k = b * length + t;
                if (reset != null && reset[k]) {
                  java.util.Arrays.fill(h, 0f);
                  java.util.Arrays.fill(c, 0f);
                }
                System.arraycopy(h, 0, hPrev, k * hid, hid);
                LstmCell.step(
                    params.wIh, params.wHh, bias, in, hid, u, k * in, h, c, 0, act, t * rows);
                System.arraycopy(c, 0, cs, t * hid, hid);
              }
              float[] dh = new float[hid];
              float[] dc = new float[hid];
              float[] dhNext = new float[hid];
              for (int t = length - 1; t >= 0; t--) {
                int k = b * length + t;
                for (int j = 0; j < hid; j++) {
                  dh[j] = dy[k * hid + j] + dhNext[j];
                }
                boolean cut = reset != null && reset[k];
                float[] cPrev = t > 0 ? cs : (initial != null ? c0 : null);
                int prevOff = t > 0 ? (t - 1) * hid : 0;
                LstmCell.backward(
                    act,
                    t * rows,
                    cut ? null : cPrev,
                    prevOff,
                    cs,
                    t * hid,
                    hid,
                    dh,
                    dc,
                    dPre,
                    k * rows);
                java.util.Arrays.fill(dhNext, 0f);
                if (cut) {
                  java.util.Arrays.fill(dc, 0f);
                  continue;
                }
                for (int r = 0; r < rows; r++) {
                  float g = dPre[k * rows + r];
                  int w = r * hid;
                  for (int j = 0; j < hid; j++) {
                    dhNext[j] += params.wHh[w + j] * g;
                  }
                }
              }
              if (dInitial != null) {
                System.arraycopy(dhNext, 0, dInitial.h, b * hid, hid);
                System.arraycopy(dc, 0, dInitial.c, b * hid, hid);
              }
            });
    int n = batch * length;
    if (du != null) {
      series(batch, length)
          .forEach(
              b -> {
                for (int k = b * length; k < (b + 1) * length; k++) {
                  java.util.Arrays.fill(du, k * in, (k + 1) * in, 0f);
                  for (int r = 0; r < rows; r++) {
                    float g = dPre[k * rows + r];
                    int w = r * in;
                    for (int i = 0; i < in; i++) {
                      du[k * in + i] += params.wIh[w + i] * g;
                    }
                  }
                }
              });
    }
    IntStream rs = IntStream.range(0, rows);
    ((long) n * rows * (in + hid) >= PARALLEL_THRESHOLD ? rs.parallel() : rs)
        .forEach(
            r -> {
              double[] wi = new double[in];
              double[] wh = new double[hid];
              double bsum = 0;
              for (int k = 0; k < n; k++) {
                double g = dPre[k * rows + r];
                if (g == 0) {
                  continue;
                }
                bsum += g;
                for (int i = 0; i < in; i++) {
                  wi[i] += g * u[k * in + i];
                }
                for (int j = 0; j < hid; j++) {
                  wh[j] += g * hPrev[k * hid + j];
                }
              }
              for (int i = 0; i < in; i++) {
                grads.wIh[r * in + i] += (float) wi[i];
              }
              for (int j = 0; j < hid; j++) {
                grads.wHh[r * hid + j] += (float) wh[j];
              }
              grads.bIh[r] += (float) bsum;
              grads.bHh[r] += (float) bsum;
            });
  }

  /**
   * One streaming timestep for every series of the batch, updating {@code state} in place; equal to
   * the corresponding step of {@link #forward} bit for bit.
   *
   * @param xIn input [batch, I]
   * @param state the state [batch, H], updated in place
   * @param yOut output h [batch, H], overwritten
   */
  public void step(float[] xIn, LstmState state, float[] yOut) {
    int in = config.inputSize();
    int hid = config.hiddenSize();
    int batch = state.batch;
    state.checkShape(batch, config, "state");
    if (xIn.length != batch * in || yOut.length != batch * hid) {
      throw new IllegalArgumentException(
          "Invalid xIn/yOut length = "
              + xIn.length
              + "/"
              + yOut.length
              + "; must be batch·I = "
              + batch * in
              + " / batch·H = "
              + batch * hid);
    }
    float[] bias = bias();
    float[] act = new float[4 * hid];
    for (int b = 0; b < batch; b++) {
      LstmCell.step(
          params.wIh, params.wHh, bias, in, hid, xIn, b * in, state.h, state.c, b * hid, act, 0);
      System.arraycopy(state.h, b * hid, yOut, b * hid, hid);
    }
  }

  /** b_ih + b_hh in float32, the bias the cell adds. */
  private float[] bias() {
    float[] s = new float[params.bIh.length];
    for (int r = 0; r < s.length; r++) {
      s[r] = params.bIh[r] + params.bHh[r];
    }
    return s;
  }

  private IntStream series(int batch, int length) {
    IntStream s = IntStream.range(0, batch);
    long work = (long) batch * length * config.gateRows() * (config.inputSize() + 1);
    return work >= PARALLEL_THRESHOLD && batch > 1 ? s.parallel() : s;
  }

  private static void checkSequence(float[] x, int batch, int length, int width, String name) {
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
              + width
              + " = "
              + expected);
    }
  }

  private void checkOptional(
      LstmState initial, boolean[] reset, LstmState other, int batch, int length) {
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
}
