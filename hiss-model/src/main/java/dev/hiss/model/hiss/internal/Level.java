package dev.hiss.model.hiss.internal;

import dev.hiss.model.hiss.LevelConfig;
import dev.hiss.model.hiss.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One level of a HiSS hierarchy as a flat model: optional embedding Linear(in → H), the residual
 * blocks, a final LayerNorm for Mamba and Transformer levels ({@code norm_f}, GPT's {@code ln_f}),
 * and an output Linear(H → out) (the LL decoder, or the HL head). Shapes are [batch, length, ·].
 *
 * <p>With {@code lastOnly} the output Linear is applied only at each sequence's last step (the HiSS
 * chunk feature, {@code [:, -1]}), giving [batch, out]. Caches activations for {@link #backward};
 * not thread-safe.
 */
public final class Level {

  private final int inWidth;
  private final int width;
  private final Linear embedding;
  private final List<ResidualBlock> blocks = new ArrayList<>();
  private final LayerNorm finalNorm;
  private final Linear output;

  private int batch;
  private int length;
  private boolean lastOnly;

  /**
   * A freshly initialized level.
   *
   * @param config the level
   * @param inWidth input width; an embedding is added iff {@code embed}
   * @param outWidth output width of the output Linear
   * @param embed whether to start with Linear(inWidth → H) (otherwise inWidth must equal H)
   * @param rnd random source for the initialization
   */
  public Level(LevelConfig config, int inWidth, int outWidth, boolean embed, SplittableRandom rnd) {
    this.inWidth = inWidth;
    this.width = config.width();
    if (!embed && inWidth != width) {
      throw new IllegalArgumentException(
          "Invalid level width = " + width + "; must equal its input width " + inWidth);
    }
    embedding = embed ? new Linear(inWidth, width, rnd) : null;
    for (int i = 0; i < config.depth(); i++) {
      blocks.add(new ResidualBlock(config, rnd));
    }
    boolean normF =
        config.type() == LevelConfig.LayerType.MAMBA
            || config.type() == LevelConfig.LayerType.TRANSFORMER;
    finalNorm = normF ? new LayerNorm(width) : null;
    output = new Linear(width, outWidth, rnd);
  }

  /** Returns the input width. */
  public int inWidth() {
    return inWidth;
  }

  /** Returns the output width. */
  public int outWidth() {
    return output.out();
  }

  /**
   * Forward pass (caches for backward).
   *
   * @param x input [batch, length, in]
   * @param batch batch size (number of independent sequences, each from a zero state)
   * @param length sequence length
   * @param rnd dropout random source in training, or null at inference
   * @param lastOnly apply the output Linear only at the last step
   * @return [batch, length, out], or [batch, out] when {@code lastOnly}
   */
  public float[] forward(float[] x, int batch, int length, SplittableRandom rnd, boolean lastOnly) {
    return forward(x, null, batch, length, rnd, lastOnly);
  }

  /**
   * Forward pass with the kernels' step sizes scaled per step (caches for backward).
   *
   * @param x input [batch, length, in]
   * @param dtScale Δ multiplier [batch, length] for every block, or null for 1
   * @param batch batch size (number of independent sequences, each from a zero state)
   * @param length sequence length
   * @param rnd dropout random source in training, or null at inference
   * @param lastOnly apply the output Linear only at the last step
   * @return [batch, length, out], or [batch, out] when {@code lastOnly}
   */
  public float[] forward(
      float[] x, float[] dtScale, int batch, int length, SplittableRandom rnd, boolean lastOnly) {
    Linear.check(x, batch * length, inWidth, "level input");
    this.batch = batch;
    this.length = length;
    this.lastOnly = lastOnly;
    int rows = batch * length;
    float[] h = embedding == null ? x : embedding.forward(x, rows);
    for (ResidualBlock b : blocks) {
      h = b.forward(h, dtScale, batch, length, rnd);
    }
    if (finalNorm != null) {
      h = finalNorm.forward(h, rows);
    }
    if (!lastOnly) {
      return output.forward(h, rows);
    }
    float[] last = new float[batch * width];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(h, ((b + 1) * length - 1) * width, last, b * width, width);
    }
    return output.forward(last, batch);
  }

  /**
   * Backward of the last forward; accumulates every parameter gradient.
   *
   * @param dy dL/dout, [batch, length, out] or [batch, out] (lastOnly)
   * @return dL/dx [batch, length, in]
   */
  public float[] backward(float[] dy) {
    float[] dh = output.backward(dy);
    if (lastOnly) {
      float[] full = new float[batch * length * width];
      for (int b = 0; b < batch; b++) {
        System.arraycopy(dh, b * width, full, ((b + 1) * length - 1) * width, width);
      }
      dh = full;
    }
    if (finalNorm != null) {
      dh = finalNorm.backward(dh);
    }
    for (int i = blocks.size() - 1; i >= 0; i--) {
      dh = blocks.get(i).backward(dh);
    }
    return embedding == null ? dh : embedding.backward(dh);
  }

  /**
   * A zero streaming state (one kernel state per block).
   *
   * @param batch batch size
   * @return the states
   */
  public SsmKernel.State[] newState(int batch) {
    SsmKernel.State[] s = new SsmKernel.State[blocks.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = blocks.get(i).kernel().newState(batch);
    }
    return s;
  }

  /**
   * Scratch for {@link #step} of a fixed batch: each block's buffers, then the embedding output,
   * the final norm's output and a row of scratch.
   *
   * @param batch batch size
   * @return the buffers
   */
  public float[][][] newBuffers(int batch) {
    float[][][] buffers = new float[blocks.size() + 1][][];
    for (int i = 0; i < blocks.size(); i++) {
      buffers[i] = blocks.get(i).newBuffers(batch);
    }
    buffers[blocks.size()] =
        new float[][] {
          new float[batch * width], new float[batch * width], new float[Math.max(width, outWidth())]
        };
    return buffers;
  }

  /**
   * One streaming step at inference, allocating only the returned output.
   *
   * @param x input [batch, in]
   * @param dtScale Δ multiplier [batch] for every block, or null for 1
   * @param state the states from {@link #newState(int)}, updated
   * @param buffers from {@link #newBuffers(int)} for this batch
   * @param emit whether to apply the output Linear
   * @return a new [batch, out] when {@code emit}, else null
   */
  public float[] step(
      float[] x, float[] dtScale, SsmKernel.State[] state, float[][][] buffers, boolean emit) {
    int rows = x.length / inWidth;
    float[][] own = buffers[blocks.size()];
    float[] h = x;
    if (embedding != null) {
      embedding.applyTo(x, rows, own[0], own[2]);
      h = own[0];
    }
    for (int i = 0; i < blocks.size(); i++) {
      h = blocks.get(i).step(h, dtScale, state[i], buffers[i]);
    }
    if (!emit) {
      return null;
    }
    if (finalNorm != null) {
      finalNorm.applyTo(h, rows, own[1]);
      h = own[1];
    }
    float[] y = new float[rows * output.out()];
    output.applyTo(h, rows, y, own[2]);
    return y;
  }

  /** Re-reads the parameters for streaming (kernel discretizations, Linear snapshots). */
  public void refresh() {
    blocks.forEach(ResidualBlock::refresh);
    if (embedding != null) {
      embedding.refresh();
    }
    output.refresh();
  }

  /**
   * Adds every parameter: {@code prefix.embed.*}, {@code prefix.block<i>.*}, {@code
   * prefix.normF.*}, {@code prefix.out.*}.
   *
   * @param prefix name prefix
   * @param list receives the parameters
   */
  public void parameters(String prefix, List<Parameter> list) {
    if (embedding != null) {
      embedding.parameters(prefix + ".embed", list);
    }
    for (int i = 0; i < blocks.size(); i++) {
      blocks.get(i).parameters(prefix + ".block" + i, list);
    }
    if (finalNorm != null) {
      finalNorm.parameters(prefix + ".normF", list);
    }
    output.parameters(prefix + ".out", list);
  }
}
