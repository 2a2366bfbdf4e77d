package dev.hiss.model.attention.internal;

import dev.hiss.model.attention.TransformerConfig;
import dev.hiss.model.attention.TransformerParams;

/**
 * The float32 forward and backward of one series through one Transformer block, over a context of c
 * cached positions (from an initial KV cache, oldest first) followed by the L new positions. All
 * activations are kept in the public arrays for the backward and for the batch-wide parameter
 * gradient reductions. Context row r is position r − c; the new position t is context row c + t.
 */
public final class SeriesPass {

  private final TransformerParams p;
  private final CausalAttention attention;
  private final int width;
  private final int ffn;
  private final int window;

  /** Number of cached context rows before the new positions. */
  public final int cached;

  /** L, number of new positions. */
  public final int length;

  /** Keys of the context, [(c + L)·H]. */
  public final float[] keys;

  /** Values of the context, [(c + L)·H]. */
  public final float[] values;

  /** First visible context row of each new position, [L]. */
  public final int[] lo;

  /** The context row of the last reset (0 without a reset). */
  public int start;

  /** Whether any new position had a reset. */
  public boolean wasReset;

  /** LN₁ x̂, [L·H]. */
  public final float[] xhat1;

  /** LN₁ output, [L·H]. */
  public final float[] a;

  /** Queries, [L·H]. */
  public final float[] q;

  /** Attention output before the projection, [L·H]. */
  public final float[] o;

  /** LN₂ x̂, [L·H]. */
  public final float[] xhat2;

  /** LN₂ output, [L·H]. */
  public final float[] cn;

  /** LN₁ reciprocal standard deviation, [L]. */
  public final float[] rstd1;

  /** LN₂ rstd, [L]. */
  public final float[] rstd2;

  /** MLP pre-activation, [L·F]. */
  public final float[] f1;

  /** GELU output, [L·F]. */
  public final float[] g;

  /**
   * A pass with an initial context.
   *
   * @param params the block's parameters
   * @param attention the attention of the same configuration
   * @param cached c, number of context rows already in {@code keys}/{@code values} from a cache
   * @param length L
   */
  public SeriesPass(TransformerParams params, CausalAttention attention, int cached, int length) {
    TransformerConfig cfg = params.config;
    this.p = params;
    this.attention = attention;
    this.width = cfg.width();
    this.ffn = cfg.ffnSize();
    this.window = cfg.window();
    this.cached = cached;
    this.length = length;
    int h = width;
    keys = new float[(cached + length) * h];
    values = new float[(cached + length) * h];
    lo = new int[length];
    xhat1 = new float[length * h];
    a = new float[length * h];
    q = new float[length * h];
    o = new float[length * h];
    xhat2 = new float[length * h];
    cn = new float[length * h];
    rstd1 = new float[length];
    rstd2 = new float[length];
    f1 = new float[length * ffn];
    g = new float[length * ffn];
  }

  /**
   * Runs the block over the new positions.
   *
   * <p>Dropout (training only) sits where {@code torch.nn.TransformerEncoderLayer} has it on its
   * residual branches: on the attention output after its projection, before the first residual add,
   * and on the MLP output after its second Linear, before the second residual add. The masks hold
   * scale factors (0 or 1/(1 − p)); null is the identity and leaves the arithmetic unchanged.
   *
   * @param u input, L rows of H from uOff
   * @param uOff offset into u
   * @param reset reset flags, L from rOff, or null
   * @param rOff offset into reset
   * @param y receives the output, L rows of H from yOff
   * @param yOff offset into y
   * @param attnMask dropout mask of the attention branch, L rows of H from uOff, or null
   * @param mlpMask dropout mask of the MLP branch, L rows of H from uOff, or null
   */
  public void forward(
      float[] u,
      int uOff,
      boolean[] reset,
      int rOff,
      float[] y,
      int yOff,
      float[] attnMask,
      float[] mlpMask) {
    int h = width;
    float[] attnOut = new float[h];
    float[] z = new float[h];
    float[] mlp = new float[h];
    float[] scratch = new float[Math.min(window, cached + length)];
    start = 0;
    wasReset = false;
    for (int t = 0; t < length; t++) {
      int row = cached + t;
      if (reset != null && reset[rOff + t]) {
        start = row;
        wasReset = true;
      }
      int xo = uOff + t * h;
      int ho = t * h;
      rstd1[t] = BlockOps.layerNorm(u, xo, h, p.norm1W, p.norm1B, a, xhat1, ho);
      BlockOps.dense(p.inProjW, p.inProjB, h, 0, h, a, ho, q, ho);
      BlockOps.dense(p.inProjW, p.inProjB, h, h, h, a, ho, keys, row * h);
      BlockOps.dense(p.inProjW, p.inProjB, h, 2 * h, h, a, ho, values, row * h);
      lo[t] = Math.max(start, row - window + 1);
      attention.forward(q, ho, keys, values, lo[t], row, o, ho, scratch);
      BlockOps.dense(p.outProjW, p.outProjB, h, 0, h, o, ho, attnOut, 0);
      if (attnMask != null) {
        for (int i = 0; i < h; i++) {
          attnOut[i] *= attnMask[xo + i];
        }
      }
      for (int i = 0; i < h; i++) {
        z[i] = u[xo + i] + attnOut[i];
      }
      rstd2[t] = BlockOps.layerNorm(z, 0, h, p.norm2W, p.norm2B, cn, xhat2, ho);
      int fo = t * ffn;
      BlockOps.dense(p.lin1W, p.lin1B, h, 0, ffn, cn, ho, f1, fo);
      for (int i = 0; i < ffn; i++) {
        g[fo + i] = BlockOps.gelu(f1[fo + i]);
      }
      BlockOps.dense(p.lin2W, p.lin2B, ffn, 0, h, g, fo, mlp, 0);
      if (mlpMask != null) {
        for (int i = 0; i < h; i++) {
          mlp[i] *= mlpMask[xo + i];
        }
      }
      for (int i = 0; i < h; i++) {
        y[yOff + ho + i] = z[i] + mlp[i];
      }
    }
  }

  /**
   * Backward of {@link #forward} (which must have run with the same masks). The cached context is a
   * constant: no gradient flows into it.
   *
   * @param dy dL/dy, L rows of H from dyOff
   * @param dMlp dL/d(MLP output after its second Linear, before dropout), i.e. dy∘mlpMask (or dy
   *     itself without a mask), L rows of H from dyOff
   * @param attnMask the forward's attention-branch dropout mask (L rows of H from dyOff), or null
   * @param dyOff offset into dy, dMlp and attnMask
   * @param du receives dL/du, L rows of H from dyOff (overwritten), or null
   * @param dqkv receives dL/d(q, k, v) of each position, [L·3H] from 3·dyOff
   * @param dz receives dL/d(attention output after the projection, before dropout), [L·H] from
   *     dyOff
   * @param dcn receives dL/d(LN₂ output), [L·H] from dyOff
   * @param df1 receives dL/d(MLP pre-activation), [L·F] from (dyOff / H)·F
   * @param da receives dL/d(LN₁ output), [L·H] from dyOff
   */
  public void backward(
      float[] dy,
      float[] dMlp,
      float[] attnMask,
      int dyOff,
      float[] du,
      float[] dqkv,
      float[] dz,
      float[] dcn,
      float[] df1,
      float[] da) {
    int h = width;
    int rows = cached + length;
    float[] dOut = new float[length * h];
    float[] dq = new float[length * h];
    float[] dKeys = new float[rows * h];
    float[] dValues = new float[rows * h];
    float[] dg = new float[ffn];
    int fBase = dyOff / h * ffn;
    for (int t = 0; t < length; t++) {
      int ho = t * h;
      int go = dyOff + ho;
      java.util.Arrays.fill(dg, 0f);
      BlockOps.denseBackward(p.lin2W, ffn, h, dMlp, go, dg, 0);
      int fo = t * ffn;
      for (int i = 0; i < ffn; i++) {
        df1[fBase + fo + i] = dg[i] * BlockOps.geluDerivative(f1[fo + i]);
      }
      java.util.Arrays.fill(dcn, go, go + h, 0f);
      BlockOps.denseBackward(p.lin1W, h, ffn, df1, fBase + fo, dcn, go);
      System.arraycopy(dy, go, dz, go, h);
      BlockOps.layerNormBackward(dcn, go, xhat2, ho, rstd2[t], p.norm2W, h, dz, go);
      if (du != null) {
        System.arraycopy(dz, go, du, go, h);
      }
      if (attnMask != null) {
        for (int i = 0; i < h; i++) {
          dz[go + i] *= attnMask[go + i];
        }
      }
      BlockOps.denseBackward(p.outProjW, h, h, dz, go, dOut, ho);
    }
    float[] pScratch = new float[Math.min(window, rows)];
    float[] dpScratch = new float[pScratch.length];
    for (int t = 0; t < length; t++) {
      int ho = t * h;
      attention.backward(
          q,
          ho,
          keys,
          values,
          lo[t],
          cached + t,
          dOut,
          ho,
          dq,
          dKeys,
          dValues,
          pScratch,
          dpScratch);
    }
    for (int t = 0; t < length; t++) {
      int ho = t * h;
      int go = dyOff + ho;
      int qo = 3 * go;
      int row = (cached + t) * h;
      System.arraycopy(dq, ho, dqkv, qo, h);
      System.arraycopy(dKeys, row, dqkv, qo + h, h);
      System.arraycopy(dValues, row, dqkv, qo + 2 * h, h);
      java.util.Arrays.fill(da, go, go + h, 0f);
      BlockOps.denseBackward(p.inProjW, h, 3 * h, dqkv, qo, da, go);
      if (du != null) {
        BlockOps.layerNormBackward(da, go, xhat1, ho, rstd1[t], p.norm1W, h, du, go);
      }
    }
  }
}
