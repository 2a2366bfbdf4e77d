package dev.hiss.model.hiss;

/**
 * One level of a HiSS hierarchy: a stack of {@code depth} residual blocks of width {@code width}
 * (HISS-MATH §1.2). S4, S4D and S5 levels use the S4 residual layer (pre-LayerNorm, kernel,
 * dropout, GELU, dropout, Linear(H→2H)+GLU, dropout, residual; no final norm); Mamba levels use
 * mamba_ssm blocks (pre-LayerNorm, Mamba mixer, residual) followed by a final LayerNorm, without
 * dropout; LSTM levels use pre-norm residual blocks around one LSTM with hidden size H
 * (pre-LayerNorm, LSTM, dropout, residual; no feed-forward, no final norm); Transformer levels use
 * causal pre-LayerNorm Transformer blocks ({@code dev.hiss.model.attention.TransformerLayer}: ALiBi
 * multi-head attention over a window of the last {@code stateSize} positions, GELU MLP of width 4H,
 * residuals) followed by a final LayerNorm, with dropout on the two residual branches as in {@code
 * torch.nn.TransformerEncoderLayer} (after the attention's output projection and after the MLP,
 * each before its residual add).
 *
 * @param type the sequence kernel
 * @param width H, the block width, &gt; 0
 * @param depth number of residual blocks, &gt; 0
 * @param dropout dropout probability in [0, 1) (must be 0 for Mamba levels, which have none)
 * @param stateSize the kernel's state size, &gt; 0: complex modes N for S4/S4D (HiSS default 32,
 *     i.e. d_state 64); stored complex modes M for S5 (full state P = 2M, conjugate-symmetric);
 *     d_state for Mamba (default 16); for LSTM the hidden size, which must equal {@code width}; for
 *     Transformer the attention window W (the KV cache holds at most W positions per series)
 */
public record LevelConfig(LayerType type, int width, int depth, double dropout, int stateSize) {

  /** The sequence kernels a level can use. */
  public enum LayerType {
    /** S4 in its original DPLR form (HiPPO-LegS, bilinear), {@code dev.hiss.model.ssm.S4Layer}. */
    S4,
    /** Diagonal S4D (S4D-Lin, ZOH), {@code dev.hiss.model.ssm.S4DLayer}. */
    S4D,
    /** Mamba (S6) mixer with mamba_ssm 1.x defaults, {@code dev.hiss.model.ssm.MambaLayer}. */
    MAMBA,
    /**
     * S5, one MIMO diagonal SSM over all H channels ({@code dev.hiss.model.ssm.S5Layer}): HiPPO-N
     * initialization in one block, ZOH, Δ ∈ [1e-3, 1e-1], conjugate symmetry, eigenvalues clipped
     * to Re λ ≤ −1e-4 (the setting for unbounded streaming, HISS-MATH §4).
     */
    S5,
    /**
     * LSTM with hidden size H ({@code dev.hiss.model.rnn.LstmLayer}, PyTorch {@code nn.LSTM}
     * layout, forget-gate bias initialized to 1).
     */
    LSTM,
    /**
     * Causal Transformer block ({@code dev.hiss.model.attention.TransformerLayer}): pre-LayerNorm,
     * multi-head self-attention with ALiBi biases over the last W = stateSize positions, GELU MLP
     * of width 4H, residuals; {@link #transformerHeads(int)} heads.
     */
    TRANSFORMER;

    /**
     * The number of attention heads of a Transformer level of width H: heads of size 16 when 16
     * divides H, otherwise a single head.
     *
     * @param width H
     * @return the number of heads
     */
    public static int transformerHeads(int width) {
      return width % 16 == 0 ? width / 16 : 1;
    }
  }

  /** Validates every field; messages name the field and its value. */
  public LevelConfig {
    if (type == null) {
      throw new IllegalArgumentException(
          "Invalid type = null; must be one of S4, S4D, MAMBA, S5, LSTM, TRANSFORMER");
    }
    if (width <= 0) {
      throw new IllegalArgumentException("Invalid width = " + width + "; must be > 0");
    }
    if (depth <= 0) {
      throw new IllegalArgumentException("Invalid depth = " + depth + "; must be > 0");
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("Invalid dropout = " + dropout + "; must be in [0, 1)");
    }
    if (type == LayerType.MAMBA && dropout != 0) {
      throw new IllegalArgumentException(
          "Invalid dropout = " + dropout + " for a MAMBA level; mamba blocks have no dropout");
    }
    if (stateSize <= 0) {
      throw new IllegalArgumentException("Invalid stateSize = " + stateSize + "; must be > 0");
    }
    if (type == LayerType.LSTM && stateSize != width) {
      throw new IllegalArgumentException(
          "Invalid stateSize = "
              + stateSize
              + " for an LSTM level; must equal width = "
              + width
              + " (the LSTM's hidden size)");
    }
  }

  /**
   * An S4 (DPLR) level with the HiSS kernel defaults (32 complex modes).
   *
   * @param width H
   * @param depth number of blocks
   * @param dropout dropout probability
   * @return the level
   */
  public static LevelConfig s4(int width, int depth, double dropout) {
    return new LevelConfig(LayerType.S4, width, depth, dropout, 32);
  }

  /**
   * An S4D level with 32 complex modes.
   *
   * @param width H
   * @param depth number of blocks
   * @param dropout dropout probability
   * @return the level
   */
  public static LevelConfig s4d(int width, int depth, double dropout) {
    return new LevelConfig(LayerType.S4D, width, depth, dropout, 32);
  }

  /**
   * A Mamba level with the mamba_ssm defaults (d_state 16, d_conv 4, expand 2).
   *
   * @param width D (d_model)
   * @param depth number of blocks
   * @return the level
   */
  public static LevelConfig mamba(int width, int depth) {
    return new LevelConfig(LayerType.MAMBA, width, depth, 0, 16);
  }

  /**
   * An S5 level with M stored complex modes (full state size P = 2M).
   *
   * @param width H
   * @param depth number of blocks
   * @param dropout dropout probability
   * @param modes M
   * @return the level
   */
  public static LevelConfig s5(int width, int depth, double dropout, int modes) {
    return new LevelConfig(LayerType.S5, width, depth, dropout, modes);
  }

  /**
   * An LSTM level: pre-norm residual blocks around an LSTM with hidden size {@code width}.
   *
   * @param width H (input and hidden size of each LSTM)
   * @param depth number of blocks
   * @param dropout dropout probability on the LSTM output
   * @return the level
   */
  public static LevelConfig lstm(int width, int depth, double dropout) {
    return new LevelConfig(LayerType.LSTM, width, depth, dropout, width);
  }

  /**
   * A Transformer level without dropout: causal pre-LayerNorm blocks with ALiBi attention over the
   * last {@code window} positions and a final LayerNorm.
   *
   * @param width H (d_model)
   * @param depth number of blocks
   * @param window W, the attention window and KV cache bound
   * @return the level
   */
  public static LevelConfig transformer(int width, int depth, int window) {
    return transformer(width, depth, window, 0);
  }

  /**
   * A Transformer level with dropout on each block's attention and MLP branches (training only).
   *
   * @param width H (d_model)
   * @param depth number of blocks
   * @param window W, the attention window and KV cache bound
   * @param dropout dropout probability in [0, 1)
   * @return the level
   */
  public static LevelConfig transformer(int width, int depth, int window, double dropout) {
    return new LevelConfig(LayerType.TRANSFORMER, width, depth, dropout, window);
  }

  /** Returns a copy with another state size (e.g. small for tests). */
  public LevelConfig withStateSize(int newStateSize) {
    return new LevelConfig(type, width, depth, dropout, newStateSize);
  }
}
