package dev.hiss.model.attention;

import dev.hiss.model.attention.internal.BlockOps;
import dev.hiss.model.attention.internal.CausalAttention;
import dev.hiss.model.attention.internal.SeriesPass;
import java.util.stream.IntStream;

/**
 * One causal pre-LayerNorm Transformer block ({@link TransformerConfig}: multi-head attention with
 * ALiBi biases over a sliding window of W positions, GELU MLP, residuals) over primitive {@code
 * float[]} arrays, with the contract of the other sequence layers: forward from an empty or given
 * KV cache, backward, streaming {@link #step} over an explicit state, and a per-step reset mask
 * (the HiSS per-chunk reset: from a reset at step r on, positions before r are invisible). Training
 * passes may take dropout masks for the two residual branches (after the attention projection and
 * after the MLP, before each residual add, as in {@code torch.nn.TransformerEncoderLayer}); the
 * step and mask-free passes have no dropout.
 *
 * <p>Shapes are row-major: input u and output y [batch, length, H]; reset masks [batch, length];
 * states {@link TransformerState} (KV cache [batch, W, H] and ring metadata). The forward, the step
 * (a forward of length one over the cached context) and the backward's recomputation run the same
 * float32 code, so a step equals the corresponding position of a forward bit for bit. Parameter
 * gradients are summed in double over the batch. Work is split over the series of the batch (and
 * over weight rows for parameter gradients) on the common fork-join pool for large inputs; results
 * do not depend on the split. Cost O(length·min(W, length)·H + length·H·(H + F)) per series; the
 * backward keeps about 4·length·(12H + 3F) bytes per series. Not thread-safe for calls that share a
 * state or a gradient accumulator.
 */
public final class TransformerLayer {

  private static final long PARALLEL_THRESHOLD = 1L << 16;

  private final TransformerConfig config;
  private final TransformerParams params;
  private final CausalAttention attention;

  /**
   * A layer reading the given live parameters (updates are seen by the next call).
   *
   * @param params the parameters
   */
  public TransformerLayer(TransformerParams params) {
    this.params = params;
    this.config = params.config;
    this.attention = new CausalAttention(config);
  }

  /** Returns the configuration. */
  public TransformerConfig config() {
    return config;
  }

  /** Returns the live parameters. */
  public TransformerParams params() {
    return params;
  }

  /**
   * An empty KV cache.
   *
   * @param batch batch size
   * @return state of shape [batch, W, H]
   */
  public TransformerState initialState(int batch) {
    return new TransformerState(batch, config.window(), config.width());
  }

  /**
   * Forward pass from the empty cache.
   *
   * @param u input [batch, length, H]
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
   * @param u input [batch, length, H]
   * @param batch batch size
   * @param length sequence length
   * @param y output [batch, length, H], overwritten
   * @param initial the KV cache before the first step [batch, W, H], or null for empty; not
   *     modified unless it is also {@code finalState}
   * @param reset per-step reset mask [batch, length] (cache emptied before that step), or null
   * @param finalState receives the KV cache after the last step, or null; may be {@code initial}
   */
  public void forward(
      float[] u,
      int batch,
      int length,
      float[] y,
      TransformerState initial,
      boolean[] reset,
      TransformerState finalState) {
    forward(u, batch, length, y, initial, reset, finalState, null, null);
  }

  /**
   * Training forward pass with dropout on the two residual branches, placed as in {@code
   * torch.nn.TransformerEncoderLayer}: x = u + Dropout(OutProj(Attention(LN₁(u)))), y = x +
   * Dropout(Linear₂(GELU(Linear₁(LN₂(x))))). A mask holds the scale factors (0 or 1/(1 − p), as
   * inverted dropout); a null mask is the identity, which gives exactly {@link #forward(float[],
   * int, int, float[], TransformerState, boolean[], TransformerState)}.
   *
   * @param u input [batch, length, H]
   * @param batch batch size
   * @param length sequence length
   * @param y output [batch, length, H], overwritten
   * @param initial the KV cache before the first step [batch, W, H], or null for empty
   * @param reset per-step reset mask [batch, length], or null
   * @param finalState receives the KV cache after the last step, or null; may be {@code initial}
   * @param attnMask dropout mask of the attention branch [batch, length, H], or null
   * @param mlpMask dropout mask of the MLP branch [batch, length, H], or null
   */
  public void forward(
      float[] u,
      int batch,
      int length,
      float[] y,
      TransformerState initial,
      boolean[] reset,
      TransformerState finalState,
      float[] attnMask,
      float[] mlpMask) {
    check(u, batch, length, "u");
    check(y, batch, length, "y");
    checkOptional(initial, reset, finalState, batch, length);
    checkMasks(attnMask, mlpMask, batch, length);
    int h = config.width();
    series(batch, length)
        .forEach(
            b -> {
              SeriesPass sp = start(initial, b, length);
              sp.forward(
                  u, b * length * h, reset, b * length, y, b * length * h, attnMask, mlpMask);
              if (finalState != null) {
                store(sp, initial, b, finalState);
              }
            });
  }

  /**
   * Backward pass (recomputes the forward). Parameter gradients are ADDED to {@code grads}; {@code
   * du} is overwritten. A given initial cache is treated as a constant (no gradient flows into it).
   *
   * @param u the forward input [batch, length, H]
   * @param dy dL/dy [batch, length, H]
   * @param batch batch size
   * @param length sequence length
   * @param initial the forward's initial cache, or null for empty
   * @param reset the forward's reset mask [batch, length], or null
   * @param du receives dL/du [batch, length, H], or null
   * @param grads accumulates dL/dθ for every parameter (same shapes as the parameters)
   */
  public void backward(
      float[] u,
      float[] dy,
      int batch,
      int length,
      TransformerState initial,
      boolean[] reset,
      float[] du,
      TransformerParams grads) {
    backward(u, dy, batch, length, initial, reset, null, null, du, grads);
  }

  /**
   * Backward pass of the training forward with dropout masks (recomputes that forward with the same
   * masks). Parameter gradients are ADDED to {@code grads}; {@code du} is overwritten.
   *
   * @param u the forward input [batch, length, H]
   * @param dy dL/dy [batch, length, H]
   * @param batch batch size
   * @param length sequence length
   * @param initial the forward's initial cache, or null for empty
   * @param reset the forward's reset mask [batch, length], or null
   * @param attnMask the forward's attention-branch mask [batch, length, H], or null
   * @param mlpMask the forward's MLP-branch mask [batch, length, H], or null
   * @param du receives dL/du [batch, length, H], or null
   * @param grads accumulates dL/dθ for every parameter (same shapes as the parameters)
   */
  public void backward(
      float[] u,
      float[] dy,
      int batch,
      int length,
      TransformerState initial,
      boolean[] reset,
      float[] attnMask,
      float[] mlpMask,
      float[] du,
      TransformerParams grads) {
    check(u, batch, length, "u");
    check(dy, batch, length, "dy");
    if (du != null) {
      check(du, batch, length, "du");
    }
    checkOptional(initial, reset, null, batch, length);
    checkMasks(attnMask, mlpMask, batch, length);
    if (grads == null || !grads.config.equals(config)) {
      throw new IllegalArgumentException(
          "Invalid grads config = "
              + (grads == null ? "null" : grads.config)
              + "; must be "
              + config);
    }
    int h = config.width();
    int f = config.ffnSize();
    int n = batch * length;
    float[] a = new float[n * h];
    float[] o = new float[n * h];
    float[] cn = new float[n * h];
    float[] g = new float[n * f];
    float[] xhat1 = new float[n * h];
    float[] xhat2 = new float[n * h];
    float[] dqkv = new float[n * 3 * h];
    float[] dz = new float[n * h];
    float[] dcn = new float[n * h];
    float[] df1 = new float[n * f];
    float[] da = new float[n * h];
    float[] dMlp = dy;
    if (mlpMask != null) {
      dMlp = new float[n * h];
      for (int i = 0; i < dMlp.length; i++) {
        dMlp[i] = dy[i] * mlpMask[i];
      }
    }
    float[] dMlpF = dMlp;
    series(batch, length)
        .forEach(
            b -> {
              int off = b * length * h;
              SeriesPass sp = start(initial, b, length);
              sp.forward(u, off, reset, b * length, new float[length * h], 0, attnMask, mlpMask);
              sp.backward(dy, dMlpF, attnMask, off, du, dqkv, dz, dcn, df1, da);
              System.arraycopy(sp.a, 0, a, off, length * h);
              System.arraycopy(sp.o, 0, o, off, length * h);
              System.arraycopy(sp.cn, 0, cn, off, length * h);
              System.arraycopy(sp.xhat1, 0, xhat1, off, length * h);
              System.arraycopy(sp.xhat2, 0, xhat2, off, length * h);
              System.arraycopy(sp.g, 0, g, b * length * f, length * f);
            });
    BlockOps.accumulateDense(dqkv, a, n, h, 3 * h, grads.inProjW, grads.inProjB);
    BlockOps.accumulateDense(dz, o, n, h, h, grads.outProjW, grads.outProjB);
    BlockOps.accumulateDense(df1, cn, n, h, f, grads.lin1W, grads.lin1B);
    BlockOps.accumulateDense(dMlp, g, n, f, h, grads.lin2W, grads.lin2B);
    BlockOps.accumulateNorm(da, xhat1, n, h, grads.norm1W, grads.norm1B);
    BlockOps.accumulateNorm(dcn, xhat2, n, h, grads.norm2W, grads.norm2B);
  }

  /**
   * One streaming timestep for every series of the batch, updating the KV cache in place; equal to
   * the corresponding position of {@link #forward} bit for bit.
   *
   * @param xIn input [batch, H]
   * @param state the KV cache [batch, W, H], updated in place
   * @param yOut output [batch, H], overwritten
   */
  public void step(float[] xIn, TransformerState state, float[] yOut) {
    if (state == null) {
      throw new IllegalArgumentException("Invalid state = null; must be a TransformerState");
    }
    forward(xIn, state.batch, 1, yOut, state, null, state);
  }

  /** A pass for series b whose context starts with b's cached entries, oldest first. */
  private SeriesPass start(TransformerState initial, int b, int length) {
    int c = initial == null ? 0 : initial.count(b);
    SeriesPass sp = new SeriesPass(params, attention, c, length);
    if (c > 0) {
      int w = config.window();
      int h = config.width();
      int oldest = Math.floorMod(initial.nextSlot(b) - c, w);
      for (int i = 0; i < c; i++) {
        int src = (b * w + (oldest + i) % w) * h;
        System.arraycopy(initial.keys, src, sp.keys, i * h, h);
        System.arraycopy(initial.values, src, sp.values, i * h, h);
      }
    }
    return sp;
  }

  /**
   * Writes the last W visible context rows of series b into {@code out} in the ring layout that the
   * same steps taken one at a time produce (a reset empties the cache and restarts at slot 0).
   */
  private void store(SeriesPass sp, TransformerState initial, int b, TransformerState out) {
    int w = config.window();
    int h = config.width();
    int rows = sp.cached + sp.length;
    int s0 = sp.wasReset || initial == null ? 0 : Math.floorMod(initial.nextSlot(b) - sp.cached, w);
    int first = Math.max(sp.start, rows - w);
    out.clear(b);
    for (int r = first; r < rows; r++) {
      int dst = (b * w + Math.floorMod(s0 + r - sp.start, w)) * h;
      System.arraycopy(sp.keys, r * h, out.keys, dst, h);
      System.arraycopy(sp.values, r * h, out.values, dst, h);
    }
    out.meta[2 * b] = rows - first;
    out.meta[2 * b + 1] = Math.floorMod(s0 + rows - sp.start, w);
  }

  private IntStream series(int batch, int length) {
    IntStream s = IntStream.range(0, batch);
    long work =
        (long) batch
            * length
            * config.width()
            * (Math.min(length, config.window()) + 4L * config.width() + 2L * config.ffnSize());
    return work >= PARALLEL_THRESHOLD && batch > 1 ? s.parallel() : s;
  }

  private void check(float[] x, int batch, int length, String name) {
    if (batch <= 0 || length <= 0) {
      throw new IllegalArgumentException(
          "Invalid batch/length = " + batch + "/" + length + "; must be > 0");
    }
    long expected = (long) batch * length * config.width();
    if (x == null || x.length != expected) {
      throw new IllegalArgumentException(
          "Invalid "
              + name
              + " length = "
              + (x == null ? "null" : x.length)
              + "; must be batch·length·H = "
              + expected);
    }
  }

  private void checkMasks(float[] attnMask, float[] mlpMask, int batch, int length) {
    if (attnMask != null) {
      check(attnMask, batch, length, "attnMask");
    }
    if (mlpMask != null) {
      check(mlpMask, batch, length, "mlpMask");
    }
  }

  private void checkOptional(
      TransformerState initial, boolean[] reset, TransformerState other, int batch, int length) {
    if (initial != null) {
      initial.checkShape(batch, config, "initial state");
      for (int b = 0; b < batch; b++) {
        initial.count(b);
      }
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
