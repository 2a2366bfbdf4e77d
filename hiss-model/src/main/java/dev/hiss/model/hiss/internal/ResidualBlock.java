package dev.hiss.model.hiss.internal;

import dev.hiss.model.hiss.LevelConfig;
import dev.hiss.model.hiss.Parameter;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One pre-norm residual SSM block over [batch, length, H] (HISS-MATH §1.2).
 *
 * <p>S4 / S4D (HiSS {@code S4Model}/{@code S4Net} with {@code prenorm: true}):
 *
 * <pre>
 * z = LayerNorm(x); z = K(z); z = Dropout(z); z = GELU(z); z = Dropout(z);
 * z = GLU(Linear_{H→2H}(z)); z = Dropout(z); out = x + z
 * </pre>
 *
 * <p>S5 levels use the same block with the S5 kernel as K.
 *
 * <p>Mamba (mamba_ssm {@code Block}, no dropout): out = x + Mamba(LayerNorm(x)); the level adds the
 * final LayerNorm.
 *
 * <p>LSTM: out = x + Dropout(LSTM(LayerNorm(x))), the pre-norm residual form of a stacked LSTM. The
 * LSTM's gates already hold the nonlinearity and gating that the GELU/GLU stage adds to a linear
 * SSM, so the block has no feed-forward stage; as for S4 levels there is no final norm.
 *
 * <p>Transformer: the kernel is the whole pre-norm block (LayerNorm, attention, residual,
 * LayerNorm, MLP, residual; {@code dev.hiss.model.attention.TransformerLayer}), so out = K(x); the
 * level adds the final LayerNorm. Its dropout sits inside the block, as in {@code
 * torch.nn.TransformerEncoderLayer}: on the attention branch after the output projection and on the
 * MLP branch after its second Linear, each before its residual add (two masks [batch, length, H]
 * drawn in that order).
 *
 * <p>{@link #forward} caches activations for {@link #backward}; not thread-safe.
 */
public final class ResidualBlock {

  private final boolean mamba;
  private final boolean lstm;
  private final boolean transformer;
  private final int width;
  private final double dropout;
  private final LayerNorm norm;
  private final SsmKernel kernel;
  private final Linear output;

  private int batch;
  private int length;
  private float[] dt;
  private float[] z1;
  private float[] z3;
  private float[] z6;
  private float[] m1;
  private float[] m2;
  private float[] m3;

  /**
   * A freshly initialized block.
   *
   * @param level the level (type, width, dropout, stateSize)
   * @param rnd random source for the initialization
   */
  public ResidualBlock(LevelConfig level, SplittableRandom rnd) {
    mamba = level.type() == LevelConfig.LayerType.MAMBA;
    lstm = level.type() == LevelConfig.LayerType.LSTM;
    transformer = level.type() == LevelConfig.LayerType.TRANSFORMER;
    width = level.width();
    dropout = level.dropout();
    norm = transformer ? null : new LayerNorm(width);
    kernel = SsmKernel.create(level, rnd.nextLong());
    output = mamba || lstm || transformer ? null : new Linear(width, 2 * width, rnd);
  }

  /**
   * Forward pass (caches for backward).
   *
   * @param x input [batch, length, H]
   * @param batch batch size
   * @param length sequence length
   * @param rnd dropout random source in training, or null at inference
   * @return output [batch, length, H]
   */
  public float[] forward(float[] x, int batch, int length, SplittableRandom rnd) {
    return forward(x, null, batch, length, rnd);
  }

  /**
   * Forward pass with the kernel's step size scaled per step (caches for backward).
   *
   * @param x input [batch, length, H]
   * @param dtScale Δ multiplier [batch, length], or null for 1
   * @param batch batch size
   * @param length sequence length
   * @param rnd dropout random source in training, or null at inference
   * @return output [batch, length, H]
   */
  public float[] forward(float[] x, float[] dtScale, int batch, int length, SplittableRandom rnd) {
    this.batch = batch;
    this.length = length;
    this.dt = dtScale;
    int rows = batch * length;
    if (transformer) {
      z1 = x;
      m1 = Dropout.mask(x.length, dropout, rnd);
      m2 = Dropout.mask(x.length, dropout, rnd);
      return kernel.forward(x, dtScale, batch, length, new float[][] {m1, m2});
    }
    z1 = norm.forward(x, rows);
    float[] z2 = kernel.forward(z1, dtScale, batch, length);
    if (mamba) {
      return Arrays2.sum(x, z2);
    }
    if (lstm) {
      m1 = Dropout.mask(z2.length, dropout, rnd);
      return Arrays2.sum(x, Dropout.apply(z2, m1));
    }
    m1 = Dropout.mask(z2.length, dropout, rnd);
    z3 = Dropout.apply(z2, m1);
    float[] z4 = Gelu.forward(z3);
    m2 = Dropout.mask(z4.length, dropout, rnd);
    float[] z5 = Dropout.apply(z4, m2);
    z6 = output.forward(z5, rows);
    float[] z7 = Glu.forward(z6, rows, width);
    m3 = Dropout.mask(z7.length, dropout, rnd);
    return Arrays2.sum(x, Dropout.apply(z7, m3));
  }

  /**
   * Backward of the last forward; accumulates every parameter gradient.
   *
   * @param dy dL/dout [batch, length, H]
   * @return dL/dx [batch, length, H]
   */
  public float[] backward(float[] dy) {
    int rows = batch * length;
    if (transformer) {
      return kernel.backward(z1, dt, dy, batch, length, new float[][] {m1, m2});
    }
    float[] dz2;
    if (mamba) {
      dz2 = dy;
    } else if (lstm) {
      dz2 = Dropout.apply(dy, m1);
    } else {
      float[] dz7 = Dropout.apply(dy, m3);
      float[] dz6 = Glu.backward(z6, dz7, rows, width);
      float[] dz5 = output.backward(dz6);
      float[] dz4 = Dropout.apply(dz5, m2);
      float[] dz3 = Gelu.backward(z3, dz4);
      dz2 = Dropout.apply(dz3, m1);
    }
    float[] dz1 = kernel.backward(z1, dt, dz2, batch, length);
    float[] dx = norm.backward(dz1);
    Arrays2.addInPlace(dx, dy);
    return dx;
  }

  /**
   * Scratch for {@link #step} of a fixed batch, so that a step allocates nothing.
   *
   * @param batch batch size
   * @return buffers [batch, H] (normed input, kernel output), [batch, 2H], [batch, H] (block
   *     output) and a row [2H] of scratch
   */
  public float[][] newBuffers(int batch) {
    int n = batch * width;
    return new float[][] {
      new float[n], new float[n], new float[2 * n], new float[n], new float[2 * width]
    };
  }

  /**
   * One streaming step at inference (no dropout), without allocation.
   *
   * @param x input [batch, H]
   * @param dtScale Δ multiplier [batch], or null for 1
   * @param state the kernel state, updated
   * @param buffers from {@link #newBuffers(int)} for this batch
   * @return output [batch, H]: one of {@code buffers}, overwritten by the next step
   */
  public float[] step(float[] x, float[] dtScale, SsmKernel.State state, float[][] buffers) {
    float[] out = buffers[3];
    if (transformer) {
      kernel.step(x, dtScale, state, out);
      return out;
    }
    int rows = x.length / width;
    float[] normed = buffers[0];
    float[] z = buffers[1];
    norm.applyTo(x, rows, normed);
    kernel.step(normed, dtScale, state, z);
    if (mamba || lstm) {
      for (int i = 0; i < out.length; i++) {
        out[i] = x[i] + z[i];
      }
      return out;
    }
    Gelu.apply(z, z, z.length);
    float[] wide = buffers[2];
    output.applyTo(z, rows, wide, buffers[4]);
    Glu.applyTo(wide, rows, width, out);
    for (int i = 0; i < out.length; i++) {
      out[i] += x[i];
    }
    return out;
  }

  /** Re-reads the parameters for streaming (the kernel's discretization, Linear snapshots). */
  public void refresh() {
    kernel.refresh();
    if (output != null) {
      output.refresh();
    }
  }

  /** Returns the kernel (for streaming state and refresh). */
  public SsmKernel kernel() {
    return kernel;
  }

  /**
   * Adds {@code prefix.norm.*} (not for Transformer blocks, whose norms are in the kernel), {@code
   * prefix.kernel.*} and (S4/S4D/S5) {@code prefix.out.*}.
   */
  public void parameters(String prefix, List<Parameter> list) {
    if (norm != null) {
      norm.parameters(prefix + ".norm", list);
    }
    kernel.parameters(prefix + ".kernel", list);
    if (output != null) {
      output.parameters(prefix + ".out", list);
    }
  }
}
