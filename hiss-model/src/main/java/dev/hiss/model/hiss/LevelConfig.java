package dev.hiss.model.hiss;

/**
 * One level of a HiSS hierarchy: a stack of {@code depth} residual SSM blocks of width {@code
 * width} (HISS-MATH §1.2). S4 and S4D levels use the S4 residual layer (pre-LayerNorm, kernel,
 * dropout, GELU, dropout, Linear(H→2H)+GLU, dropout, residual; no final norm); Mamba levels use
 * mamba_ssm blocks (pre-LayerNorm, Mamba mixer, residual) followed by a final LayerNorm, without
 * dropout.
 *
 * @param type the SSM kernel
 * @param width H, the block width, &gt; 0
 * @param depth number of residual blocks, &gt; 0
 * @param dropout dropout probability in [0, 1) (S4/S4D only; must be 0 for Mamba, which has none)
 * @param stateSize the kernel's state size: complex modes N for S4/S4D (HiSS default 32, i.e.
 *     d_state 64), d_state for Mamba (default 16), &gt; 0
 */
public record LevelConfig(LayerType type, int width, int depth, double dropout, int stateSize) {

  /** The SSM kernels a level can use. */
  public enum LayerType {
    /** S4 in its original DPLR form (HiPPO-LegS, bilinear), {@code dev.hiss.model.ssm.S4Layer}. */
    S4,
    /** Diagonal S4D (S4D-Lin, ZOH), {@code dev.hiss.model.ssm.S4DLayer}. */
    S4D,
    /** Mamba (S6) mixer with mamba_ssm 1.x defaults, {@code dev.hiss.model.ssm.MambaLayer}. */
    MAMBA
  }

  /** Validates every field; messages name the field and its value. */
  public LevelConfig {
    if (type == null) {
      throw new IllegalArgumentException("Invalid type = null; must be one of S4, S4D, MAMBA");
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

  /** Returns a copy with another state size (e.g. small for tests). */
  public LevelConfig withStateSize(int newStateSize) {
    return new LevelConfig(type, width, depth, dropout, newStateSize);
  }
}
