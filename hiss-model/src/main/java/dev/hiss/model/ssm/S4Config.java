package dev.hiss.model.ssm;

/**
 * Hyper-parameters of an S4 layer in its original DPLR form (Gu, Goel &amp; Ré, ICLR 2022,
 * "Efficiently Modeling Long Sequences with Structured State Spaces"): H independent channels, each
 * a complex SSM with state matrix A = Λ − P·P^H (diagonal plus rank 1), HiPPO-LegS initialization
 * and bilinear discretization, as state-spaces {@code s4.py} with {@code mode="dplr"}.
 *
 * <p>The {@code stateSize} complex modes are the kept half of conjugate pairs: the equivalent real
 * state dimension ({@code d_state} in s4.py) is 2·stateSize, and the output is y = 2·Re(Σ_n C_n
 * x_n) + D·u.
 *
 * @param channels H, number of independent channels (input = output width), &gt; 0
 * @param stateSize N, number of complex modes kept per channel (d_state / 2), &gt; 0
 * @param dtMin lower bound of the initial step size Δ, &gt; 0 and finite
 * @param dtMax upper bound of the initial step size Δ, ≥ dtMin and finite
 */
public record S4Config(int channels, int stateSize, double dtMin, double dtMax) {

  /** Validates every field; messages name the field and its value. */
  public S4Config {
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
  }

  /**
   * The HiSS / s4.py defaults for H channels: d_state 64 (32 conjugate pairs), Δ ∈ [1e-3, 1e-1].
   *
   * @param channels H
   * @return the configuration
   */
  public static S4Config defaults(int channels) {
    return defaults(channels, 32);
  }

  /**
   * The s4.py defaults (Δ ∈ [1e-3, 1e-1]) with another state size.
   *
   * @param channels H
   * @param stateSize N (complex modes kept)
   * @return the configuration
   */
  public static S4Config defaults(int channels, int stateSize) {
    return new S4Config(channels, stateSize, 1e-3, 1e-1);
  }
}
