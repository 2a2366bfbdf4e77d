package dev.hiss.model.ssm;

import java.util.Objects;

/**
 * Hyper-parameters of an S4D layer (Gu et al. 2022, "On the Parameterization and Initialization of
 * Diagonal State Space Models"): H independent channels, each a diagonal complex SSM with {@code
 * stateSize} complex modes. The modes are the kept half of conjugate pairs, so the layer output is
 * y = 2·Re(Σ_n C_n x_n) + D·u and the equivalent real state dimension is 2·stateSize.
 *
 * @param channels H, number of independent channels (input = output width), > 0
 * @param stateSize N, number of complex modes kept per channel, > 0
 * @param dtMin lower bound of the initial step size Δ, > 0 and finite
 * @param dtMax upper bound of the initial step size Δ, ≥ dtMin and finite
 * @param init initialization of the diagonal state matrix A
 * @param discretization continuous-to-discrete rule
 */
public record S4DConfig(
    int channels,
    int stateSize,
    double dtMin,
    double dtMax,
    Init init,
    Discretization discretization) {

  /** Initializations of A (n = 0 … stateSize−1, N_full = 2·stateSize). */
  public enum Init {
    /** S4D-Lin: A_n = −1/2 + iπn. */
    LIN,
    /** S4D-Inv: A_n = −1/2 + i·(N_full/π)·(N_full/(2n+1) − 1). */
    INV,
    /**
     * S4D-LegS: A = eigenvalues of the normal part of HiPPO-LegS (size N_full), the stateSize with
     * negative imaginary part, and B = V^H·B_legs (see {@code internal.HippoLegS}).
     */
    LEGS
  }

  /** Discretization rules for a diagonal A. */
  public enum Discretization {
    /** Zero-order hold: dA = exp(ΔA), dB = (exp(ΔA) − 1)/A · B. */
    ZOH,
    /** Bilinear (Tustin): dA = (1 + ΔA/2)/(1 − ΔA/2), dB = Δ/(1 − ΔA/2) · B. */
    BILINEAR
  }

  /** Validates every field; messages name the field and its value. */
  public S4DConfig {
    if (channels <= 0) {
      throw new IllegalArgumentException("Invalid channels = " + channels + "; must be > 0");
    }
    if (stateSize <= 0) {
      throw new IllegalArgumentException("Invalid stateSize = " + stateSize + "; must be > 0");
    }
    if (!(dtMin > 0) || !Double.isFinite(dtMin)) {
      throw new IllegalArgumentException("Invalid dtMin = " + dtMin + "; must be > 0 and finite");
    }
    if (!(dtMax >= dtMin) || !Double.isFinite(dtMax)) {
      throw new IllegalArgumentException(
          "Invalid dtMax = " + dtMax + "; must be finite and >= dtMin = " + dtMin);
    }
    Objects.requireNonNull(init, "Invalid init = null; must be one of LIN, INV, LEGS");
    Objects.requireNonNull(
        discretization, "Invalid discretization = null; must be one of ZOH, BILINEAR");
  }

  /**
   * The S4D defaults for the given sizes: Δ ∈ [1e-3, 1e-1], S4D-Lin, ZOH.
   *
   * @param channels H
   * @param stateSize N (complex modes kept)
   * @return the configuration
   */
  public static S4DConfig defaults(int channels, int stateSize) {
    return new S4DConfig(channels, stateSize, 1e-3, 1e-1, Init.LIN, Discretization.ZOH);
  }

  /** Returns a copy with another initialization. */
  public S4DConfig withInit(Init newInit) {
    return new S4DConfig(channels, stateSize, dtMin, dtMax, newInit, discretization);
  }

  /** Returns a copy with another discretization. */
  public S4DConfig withDiscretization(Discretization newDiscretization) {
    return new S4DConfig(channels, stateSize, dtMin, dtMax, init, newDiscretization);
  }
}
