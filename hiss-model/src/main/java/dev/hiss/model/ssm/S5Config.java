package dev.hiss.model.ssm;

import dev.hiss.model.ssm.S4DConfig.Discretization;
import java.util.Objects;

/**
 * Hyper-parameters of an S5 layer (Smith, Warrington &amp; Linderman, ICLR 2023, "Simplified State
 * Space Layers for Sequence Modeling", arXiv 2208.04933; lindermanlab/S5 {@code s5/ssm.py}, {@code
 * s5/ssm_init.py}; HISS-MATH §3.3): ONE multi-input multi-output diagonal complex SSM whose state
 * of P modes is driven by all H input channels and read out to H output channels.
 *
 * <p>Under conjugate symmetry ({@code conjSym}, the paper's default) the layer stores the {@link
 * #modes()} = P/2 kept modes of conjugate pairs and outputs y = 2·Re(C̃x) + D∘u; otherwise it
 * stores all P modes and outputs y = Re(C̃x) + D∘u (as {@code S5SSM} does with {@code
 * conj_sym=False}). Each stored mode has its own time scale Δ (the conjugate partner of a kept mode
 * necessarily shares it).
 *
 * <p>The state matrix is initialized block-diagonally with J copies of the diagonalized HiPPO-N
 * matrix (normal part of HiPPO-LegS) of size P/J.
 *
 * @param channels H, input = output width, &gt; 0
 * @param stateSize P, the full (real-equivalent) state size, even and ≥ 2
 * @param blocks J, number of HiPPO-N blocks; P/J must be an even integer
 * @param dtMin lower bound of the initial Δ, &gt; 0 and finite (paper: 1e-3)
 * @param dtMax upper bound of the initial Δ, ≥ dtMin and finite (paper: 1e-1)
 * @param discretization ZOH (paper default) or bilinear
 * @param conjSym keep only one mode of each conjugate pair and take 2·Re (paper default true)
 * @param clipEigs clamp Re λ ≤ −1e-4 when discretizing (S5's {@code clip_eigs}, default false;
 *     recommended for autoregressive or unbounded-length use, HISS-MATH §4)
 */
public record S5Config(
    int channels,
    int stateSize,
    int blocks,
    double dtMin,
    double dtMax,
    Discretization discretization,
    boolean conjSym,
    boolean clipEigs) {

  /** The bound applied to Re λ when {@link #clipEigs()} is set. */
  public static final double CLIP_MAX_REAL = -1e-4;

  /** Validates every field; messages name the field and its value. */
  public S5Config {
    if (channels <= 0) {
      throw new IllegalArgumentException("Invalid channels = " + channels + "; must be > 0");
    }
    if (stateSize < 2 || stateSize % 2 != 0) {
      throw new IllegalArgumentException(
          "Invalid stateSize = " + stateSize + "; must be even and >= 2");
    }
    if (blocks <= 0 || stateSize % blocks != 0 || (stateSize / blocks) % 2 != 0) {
      throw new IllegalArgumentException(
          "Invalid blocks = "
              + blocks
              + "; must be > 0 and divide stateSize = "
              + stateSize
              + " into blocks of even size");
    }
    if (!(dtMin > 0) || !Double.isFinite(dtMin)) {
      throw new IllegalArgumentException("Invalid dtMin = " + dtMin + "; must be > 0 and finite");
    }
    if (!(dtMax >= dtMin) || !Double.isFinite(dtMax)) {
      throw new IllegalArgumentException(
          "Invalid dtMax = " + dtMax + "; must be finite and >= dtMin = " + dtMin);
    }
    Objects.requireNonNull(
        discretization, "Invalid discretization = null; must be one of ZOH, BILINEAR");
  }

  /**
   * The S5 defaults for the given sizes: Δ ∈ [1e-3, 1e-1], ZOH, conjugate symmetry, no eigenvalue
   * clipping.
   *
   * @param channels H
   * @param stateSize P (full state size)
   * @param blocks J
   * @return the configuration
   */
  public static S5Config defaults(int channels, int stateSize, int blocks) {
    return new S5Config(channels, stateSize, blocks, 1e-3, 1e-1, Discretization.ZOH, true, false);
  }

  /**
   * The number of stored complex modes: P/2 under conjugate symmetry, else P.
   *
   * @return M
   */
  public int modes() {
    return conjSym ? stateSize / 2 : stateSize;
  }

  /**
   * The output factor: 2 (y = 2·Re(C̃x)) under conjugate symmetry, else 1.
   *
   * @return 2 or 1
   */
  public int outputScale() {
    return conjSym ? 2 : 1;
  }

  /** Returns a copy with another discretization. */
  public S5Config withDiscretization(Discretization newDiscretization) {
    return new S5Config(
        channels, stateSize, blocks, dtMin, dtMax, newDiscretization, conjSym, clipEigs);
  }

  /** Returns a copy with conjugate symmetry switched on or off. */
  public S5Config withConjSym(boolean newConjSym) {
    return new S5Config(
        channels, stateSize, blocks, dtMin, dtMax, discretization, newConjSym, clipEigs);
  }

  /** Returns a copy with eigenvalue clipping switched on or off. */
  public S5Config withClipEigs(boolean newClipEigs) {
    return new S5Config(
        channels, stateSize, blocks, dtMin, dtMax, discretization, conjSym, newClipEigs);
  }
}
