package dev.hiss.model.ssm;

/**
 * Hyper-parameters of a Mamba (S6) selective state-space mixer (Gu &amp; Dao 2023, "Mamba:
 * Linear-Time Sequence Modeling with Selective State Spaces", arXiv 2312.00752; mamba_ssm 1.x
 * {@code Mamba} module, HISS-MATH §1.2 and §3.4).
 *
 * <p>With E·D = {@link #dInner()} = expand·dModel, the mixer maps [batch, length, dModel] to
 * [batch, length, dModel] through in_proj (D → 2·E·D), a depthwise causal conv1d of width dConv,
 * x_proj (E·D → dtRank + 2·dState), dt_proj (dtRank → E·D), the selective scan with state [E·D,
 * dState], the SiLU(z) gate and out_proj (E·D → D).
 *
 * @param dModel D, input and output width, ≥ 1
 * @param dState N, SSM state size per inner channel, ≥ 1 (mamba default 16)
 * @param dConv width of the depthwise causal convolution, ≥ 1 (default 4)
 * @param expand E, inner width factor, ≥ 1 (default 2)
 * @param dtRank R, rank of the Δ projection, ≥ 1 (default ceil(D/16))
 * @param dtMin lower bound of the initial Δ, &gt; 0 and finite (default 1e-3)
 * @param dtMax upper bound of the initial Δ, ≥ dtMin and finite (default 0.1)
 * @param dtScale scale of the dt_proj weight init bound R^−½·dtScale, &gt; 0 and finite (default 1)
 * @param dtInitFloor lower clamp of the initial Δ, ≥ 0 and finite (default 1e-4)
 */
public record MambaConfig(
    int dModel,
    int dState,
    int dConv,
    int expand,
    int dtRank,
    double dtMin,
    double dtMax,
    double dtScale,
    double dtInitFloor) {

  /** Validates every field; messages name the field and its value. */
  public MambaConfig {
    atLeastOne("dModel", dModel);
    atLeastOne("dState", dState);
    atLeastOne("dConv", dConv);
    atLeastOne("expand", expand);
    atLeastOne("dtRank", dtRank);
    if ((long) dModel * expand > Integer.MAX_VALUE / 4) {
      throw new IllegalArgumentException(
          "Invalid expand·dModel = " + (long) dModel * expand + "; too large");
    }
    if (!(dtMin > 0) || !Double.isFinite(dtMin)) {
      throw new IllegalArgumentException("Invalid dtMin = " + dtMin + "; must be > 0 and finite");
    }
    if (!(dtMax >= dtMin) || !Double.isFinite(dtMax)) {
      throw new IllegalArgumentException(
          "Invalid dtMax = " + dtMax + "; must be finite and >= dtMin = " + dtMin);
    }
    if (!(dtScale > 0) || !Double.isFinite(dtScale)) {
      throw new IllegalArgumentException(
          "Invalid dtScale = " + dtScale + "; must be > 0 and finite");
    }
    if (!(dtInitFloor >= 0) || !Double.isFinite(dtInitFloor)) {
      throw new IllegalArgumentException(
          "Invalid dtInitFloor = " + dtInitFloor + "; must be >= 0 and finite");
    }
  }

  private static void atLeastOne(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException("Invalid " + name + " = " + value + "; must be >= 1");
    }
  }

  /**
   * The mamba_ssm 1.x defaults used by HiSS ({@code ssm_cfg = null}): dState 16, dConv 4, expand 2,
   * dtRank ceil(dModel/16), Δ ∈ [1e-3, 0.1], dtScale 1, dtInitFloor 1e-4.
   *
   * @param dModel D, ≥ 1
   * @return the configuration
   */
  public static MambaConfig defaults(int dModel) {
    int rank = dModel >= 1 ? (dModel + 15) / 16 : 1;
    return new MambaConfig(dModel, 16, 4, 2, rank, 1e-3, 1e-1, 1.0, 1e-4);
  }

  /**
   * A copy with other sizes (the Δ settings are kept), e.g. for small tests.
   *
   * @param newDState N
   * @param newDConv conv width
   * @param newExpand E
   * @param newDtRank R
   * @return the configuration
   */
  public MambaConfig withSizes(int newDState, int newDConv, int newExpand, int newDtRank) {
    return new MambaConfig(
        dModel, newDState, newDConv, newExpand, newDtRank, dtMin, dtMax, dtScale, dtInitFloor);
  }

  /** Returns E·D = expand·dModel, the inner width. */
  public int dInner() {
    return expand * dModel;
  }

  /** Returns R + 2N, the width of the x_proj output [Δ_raw, B, C]. */
  public int xProjWidth() {
    return dtRank + 2 * dState;
  }
}
