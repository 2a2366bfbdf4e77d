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
 * level adds the final LayerNorm.
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
      return kernel.forward(x, dtScale, batch, length);
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
      return kernel.backward(z1, dt, dy, batch, length);
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
   * One streaming step at inference (no dropout).
   *
   * @param x input [batch, H]
   * @param state the kernel state, updated
   * @return output [batch, H]
   */
  public float[] step(float[] x, SsmKernel.State state) {
    return step(x, null, state);
  }

  /**
   * One streaming step at inference with a per-series Δ multiplier.
   *
   * @param x input [batch, H]
   * @param dtScale Δ multiplier [batch], or null for 1
   * @param state the kernel state, updated
   * @return output [batch, H]
   */
  public float[] step(float[] x, float[] dtScale, SsmKernel.State state) {
    if (transformer) {
      return kernel.step(x, dtScale, state);
    }
    int rows = x.length / width;
    float[] z = kernel.step(norm.apply(x, rows), dtScale, state);
    if (!mamba && !lstm) {
      z = Glu.forward(output.apply(Gelu.forward(z), rows), rows, width);
    }
    return Arrays2.sum(x, z);
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
