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
 * matrix (normal part of HiPPO-LegS) of size P/J. With {@code ptdEpsilon} &gt; 0 it is the S5-PTD
 * initialization instead (perturb-then-diagonalize; Yu, Nigmetov, Morozov, Mahoney &amp; Erichson,
 * NeurIPS 2023, "Robustifying State-space Models for Long Sequences via Approximate
 * Diagonalization"): each block diagonalizes HiPPO-LegS + E, E a seeded Gaussian matrix with
 * spectral norm ‖E‖₂ = ptdEpsilon, as Â = V·Λ·V⁻¹, and Λ, B̃ = V⁻¹B, C̃ = CV come from that
 * decomposition (HISS-MATH §3.3; the code is shared with S4D-PTD, {@link S4DParams#initializePtd}).
 * Unlike HiPPO-N the eigenvalues then keep LegS's spread of decay rates. ε trades the distance to
 * LegS (every kept λ lies in the ε-pseudospectrum of A_LegS) against the conditioning of V; the
 * paper uses small values, e.g. 0.1. ptdEpsilon only affects {@link S5Params#initialize}, not the
 * layer's computation.
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
 * @param ptdEpsilon 0 for the HiPPO-N initialization (default), else the spectral norm ‖E‖₂ of the
 *     S5-PTD perturbation, finite and in (0, 10]
 */
public record S5Config(
    int channels,
    int stateSize,
    int blocks,
    double dtMin,
    double dtMax,
    Discretization discretization,
    boolean conjSym,
    boolean clipEigs,
    double ptdEpsilon) {

  /** The bound applied to Re λ when {@link #clipEigs()} is set. */
  public static final double CLIP_MAX_REAL = -1e-4;

  /**
   * The largest accepted {@link #ptdEpsilon()}: beyond it the perturbation dominates the LegS
   * structure it is meant to regularize.
   */
  public static final double MAX_PTD_EPSILON = 10;

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
    if (!(ptdEpsilon >= 0 && ptdEpsilon <= MAX_PTD_EPSILON)) {
      throw new IllegalArgumentException(
          "Invalid ptdEpsilon = "
              + ptdEpsilon
              + "; must be 0 (HiPPO-N init) or in (0, "
              + MAX_PTD_EPSILON
              + "] (S5-PTD init)");
    }
  }

  /**
   * The HiPPO-N initialization ({@code ptdEpsilon} = 0), for callers that predate S5-PTD.
   *
   * @param channels H
   * @param stateSize P
   * @param blocks J
   * @param dtMin lower Δ bound
   * @param dtMax upper Δ bound
   * @param discretization ZOH or bilinear
   * @param conjSym conjugate symmetry
   * @param clipEigs eigenvalue clipping
   */
  public S5Config(
      int channels,
      int stateSize,
      int blocks,
      double dtMin,
      double dtMax,
      Discretization discretization,
      boolean conjSym,
      boolean clipEigs) {
    this(channels, stateSize, blocks, dtMin, dtMax, discretization, conjSym, clipEigs, 0);
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
        channels,
        stateSize,
        blocks,
        dtMin,
        dtMax,
        newDiscretization,
        conjSym,
        clipEigs,
        ptdEpsilon);
  }

  /** Returns a copy with conjugate symmetry switched on or off. */
  public S5Config withConjSym(boolean newConjSym) {
    return new S5Config(
        channels,
        stateSize,
        blocks,
        dtMin,
        dtMax,
        discretization,
        newConjSym,
        clipEigs,
        ptdEpsilon);
  }

  /** Returns a copy with eigenvalue clipping switched on or off. */
  public S5Config withClipEigs(boolean newClipEigs) {
    return new S5Config(
        channels,
        stateSize,
        blocks,
        dtMin,
        dtMax,
        discretization,
        conjSym,
        newClipEigs,
        ptdEpsilon);
  }

  /**
   * Returns a copy with another initialization of Λ, V.
   *
   * @param newPtdEpsilon 0 for HiPPO-N, else ‖E‖₂ of the S5-PTD perturbation
   * @return the configuration
   */
  public S5Config withPtdEpsilon(double newPtdEpsilon) {
    return new S5Config(
        channels,
        stateSize,
        blocks,
        dtMin,
        dtMax,
        discretization,
        conjSym,
        clipEigs,
        newPtdEpsilon);
  }

  /**
   * Whether Λ, V come from S5-PTD rather than HiPPO-N.
   *
   * @return ptdEpsilon &gt; 0
   */
  public boolean ptd() {
    return ptdEpsilon > 0;
  }
}
