package dev.hiss.model.dl4j;

import dev.hiss.model.ssm.MambaConfig;
import dev.hiss.model.ssm.MambaParams;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * DL4J configuration of a Mamba (S6) selective state-space mixer ({@link
 * dev.hiss.model.ssm.MambaLayer}, mamba_ssm 1.x {@code Mamba}): D = nIn = nOut model channels,
 * inner width I = expand·D, SSM state N = {@code stateSize} (dState) per inner channel, followed by
 * the layer activation (identity by default). Input and output are DL4J recurrent arrays, [batch,
 * D, time] (NCW, default) or [batch, time, D] (NWC); see {@link SsmLayerConf}.
 *
 * <p>With K = dConv and R = dtRank (0 in this configuration means ceil(D/16)), the parameters in
 * flat order are: inProj [2I, D], convWeight [I, K], convBias [I], xProj [R + 2N, I], dtProjWeight
 * [I, R], dtProjBias [I], aLog [I, N], d [I], outProj [D, I]. The layer regularization applies to
 * the projection and conv weights, the bias regularization to convBias and dtProjBias; aLog and D
 * are never regularized (mamba_ssm's {@code _no_weight_decay}). Streaming state: {@value
 * #STATE_SSM} [batch, I·N] (index i·N + n) and {@value #STATE_CONV} [batch, I·(K−1)] (index i·(K−1)
 * + j, oldest input first).
 */
public final class MambaLayerConf extends SsmLayerConf {

  private static final long serialVersionUID = 1L;

  /** Streaming state key: the selective-scan state h, [batch, I·N]. */
  public static final String STATE_SSM = "mambaSsmState";

  /** Streaming state key: the causal-conv buffer, [batch, I·(K−1)]. */
  public static final String STATE_CONV = "mambaConvState";

  private int dConv = 4;
  private int expand = 2;
  private int dtRank;
  private double dtScale = 1.0;
  private double dtInitFloor = 1e-4;

  /** For JSON deserialization; use {@link Builder}. */
  public MambaLayerConf() {
    super(16);
  }

  private MambaLayerConf(Builder b) {
    super(b);
    this.dConv = b.dConv;
    this.expand = b.expand;
    this.dtRank = b.dtRank;
    this.dtScale = b.dtScale;
    this.dtInitFloor = b.dtInitFloor;
    toMambaConfig(); // validates eagerly
  }

  /**
   * The kernel configuration for this layer.
   *
   * @return MambaConfig with dModel = nIn
   * @throws IllegalStateException if nIn ≠ nOut (when nOut is set)
   * @throws IllegalArgumentException if a hyper-parameter is invalid
   */
  public MambaConfig toMambaConfig() {
    int d = channels();
    if (dtRank < 0) {
      throw new IllegalArgumentException(
          "Invalid dtRank = " + dtRank + "; must be >= 1, or 0 for ceil(dModel/16)");
    }
    if (dConv < 2) {
      throw new IllegalArgumentException(
          "Invalid dConv = " + dConv + "; the DL4J Mamba layer needs >= 2 (a conv state)");
    }
    int rank = dtRank == 0 ? (d + 15) / 16 : dtRank;
    return new MambaConfig(
        d, getStateSize(), dConv, expand, rank, getDtMin(), getDtMax(), dtScale, dtInitFloor);
  }

  @Override
  public Map<String, long[]> paramShapes() {
    MambaConfig c = toMambaConfig();
    long dm = c.dModel();
    long di = c.dInner();
    Map<String, long[]> m = new LinkedHashMap<>();
    m.put("inProj", new long[] {2 * di, dm});
    m.put("convWeight", new long[] {di, c.dConv()});
    m.put("convBias", new long[] {di});
    m.put("xProj", new long[] {c.xProjWidth(), di});
    m.put("dtProjWeight", new long[] {di, c.dtRank()});
    m.put("dtProjBias", new long[] {di});
    m.put("aLog", new long[] {di, c.dState()});
    m.put("d", new long[] {di});
    m.put("outProj", new long[] {dm, di});
    return m;
  }

  @Override
  public Map<String, float[]> initialParams(long seed) {
    return MambaParams.initialize(toMambaConfig(), seed).arrays();
  }

  @Override
  public List<String> weightKeys() {
    return List.of("inProj", "convWeight", "xProj", "dtProjWeight", "outProj");
  }

  @Override
  public List<String> biasKeys() {
    return List.of("convBias", "dtProjBias");
  }

  @Override
  public List<String> stateKeys() {
    return List.of(STATE_SSM, STATE_CONV);
  }

  @Override
  protected String kernelName() {
    return "Mamba";
  }

  @Override
  protected long workingMemoryPerStep() {
    long di = (long) expand * nIn;
    return 3L * nIn + di * (2L * getStateSize() + 8);
  }

  /** K, the width of the depthwise causal convolution. */
  public int getDConv() {
    return dConv;
  }

  /** Sets K. */
  public void setDConv(int dConv) {
    this.dConv = dConv;
  }

  /** E, the inner width factor. */
  public int getExpand() {
    return expand;
  }

  /** Sets E. */
  public void setExpand(int expand) {
    this.expand = expand;
  }

  /** R, the rank of the Δ projection (0: ceil(D/16)). */
  public int getDtRank() {
    return dtRank;
  }

  /** Sets R (0: ceil(D/16)). */
  public void setDtRank(int dtRank) {
    this.dtRank = dtRank;
  }

  /** Scale of the dt_proj weight init bound. */
  public double getDtScale() {
    return dtScale;
  }

  /** Sets the scale of the dt_proj weight init bound. */
  public void setDtScale(double dtScale) {
    this.dtScale = dtScale;
  }

  /** Lower clamp of the initial Δ. */
  public double getDtInitFloor() {
    return dtInitFloor;
  }

  /** Sets the lower clamp of the initial Δ. */
  public void setDtInitFloor(double dtInitFloor) {
    this.dtInitFloor = dtInitFloor;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MambaLayerConf other
        && super.equals(o)
        && dConv == other.dConv
        && expand == other.expand
        && dtRank == other.dtRank
        && Double.compare(dtScale, other.dtScale) == 0
        && Double.compare(dtInitFloor, other.dtInitFloor) == 0;
  }

  @Override
  protected boolean canEqual(Object other) {
    return other instanceof MambaLayerConf;
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), dConv, expand, dtRank, dtScale, dtInitFloor);
  }

  @Override
  protected String kernelSettings() {
    return ", dConv="
        + dConv
        + ", expand="
        + expand
        + ", dtRank="
        + dtRank
        + ", dtScale="
        + dtScale
        + ", dtInitFloor="
        + dtInitFloor;
  }

  /** Builder; {@link #channels(int)} sets nIn = nOut = dModel. Activation defaults to identity. */
  // unchecked: DL4J declares build() as <E extends Layer> E; this one always returns MambaLayerConf
  @SuppressWarnings("unchecked")
  public static final class Builder extends SsmLayerConf.Builder<Builder> {

    private int dConv = 4;
    private int expand = 2;
    private int dtRank;
    private double dtScale = 1.0;
    private double dtInitFloor = 1e-4;

    /**
     * A builder with the mamba_ssm 1.x defaults: dState 16, dConv 4, expand 2, dtRank ceil(D/16), Δ
     * ∈ [1e-3, 1e-1], dtScale 1, dtInitFloor 1e-4, identity.
     */
    public Builder() {
      super(16);
    }

    /** K, conv width (≥ 2). */
    public Builder dConv(int dConv) {
      this.dConv = dConv;
      return this;
    }

    /** E, inner width factor. */
    public Builder expand(int expand) {
      this.expand = expand;
      return this;
    }

    /** R, rank of the Δ projection (0: ceil(D/16)). */
    public Builder dtRank(int dtRank) {
      this.dtRank = dtRank;
      return this;
    }

    /** Scale of the dt_proj weight init bound. */
    public Builder dtScale(double dtScale) {
      this.dtScale = dtScale;
      return this;
    }

    /** Lower clamp of the initial Δ. */
    public Builder dtInitFloor(double dtInitFloor) {
      this.dtInitFloor = dtInitFloor;
      return this;
    }

    @Override
    public MambaLayerConf build() {
      return new MambaLayerConf(this);
    }
  }
}
