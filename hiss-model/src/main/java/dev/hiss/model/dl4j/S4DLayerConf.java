package dev.hiss.model.dl4j;

import dev.hiss.model.ssm.S4DConfig;
import dev.hiss.model.ssm.S4DConfig.Discretization;
import dev.hiss.model.ssm.S4DConfig.Init;
import dev.hiss.model.ssm.S4DParams;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * DL4J configuration of an S4D recurrent layer ({@link dev.hiss.model.ssm.S4DLayer}): H = nIn =
 * nOut independent channels, each a diagonal complex SSM with N = {@code stateSize} modes, followed
 * by the layer activation (identity by default). Input and output are DL4J recurrent arrays,
 * [batch, H, time] (NCW, default) or [batch, time, H] (NWC); see {@link SsmLayerConf}.
 *
 * <p>Parameters, in flat order: logDt [H], aReal, aImag, bRe, bIm, cRe, cIm [H, N], d [H]. The
 * layer's regularization (l1/l2/weight decay) applies to B, C and D only, never to Δ or A.
 * Streaming state: {@value #STATE_RE}, {@value #STATE_IM}, each [batch, H·N] (index h·N + n).
 */
public final class S4DLayerConf extends SsmLayerConf {

  private static final long serialVersionUID = 1L;

  /** Streaming state key: real part of the complex state, [batch, H·N]. */
  public static final String STATE_RE = "s4dStateRe";

  /** Streaming state key: imaginary part of the complex state, [batch, H·N]. */
  public static final String STATE_IM = "s4dStateIm";

  private Init init = Init.LIN;
  private Discretization discretization = Discretization.ZOH;

  /** For JSON deserialization; use {@link Builder}. */
  public S4DLayerConf() {
    super(64);
  }

  private S4DLayerConf(Builder b) {
    super(b);
    this.init = b.init;
    this.discretization = b.discretization;
    toS4DConfig(); // validates eagerly
  }

  /**
   * The kernel configuration for this layer.
   *
   * @return S4DConfig with channels = nIn
   * @throws IllegalStateException if nIn ≠ nOut (when nOut is set)
   * @throws IllegalArgumentException if a hyper-parameter is invalid
   */
  public S4DConfig toS4DConfig() {
    return new S4DConfig(channels(), getStateSize(), getDtMin(), getDtMax(), init, discretization);
  }

  @Override
  public Map<String, long[]> paramShapes() {
    return channelModeShapes(
        channels(), getStateSize(), "aReal", "aImag", "bRe", "bIm", "cRe", "cIm");
  }

  @Override
  public Map<String, float[]> initialParams(long seed) {
    return S4DParams.initialize(toS4DConfig(), seed).arrays();
  }

  @Override
  public List<String> weightKeys() {
    return List.of("bRe", "bIm", "cRe", "cIm", "d");
  }

  @Override
  public List<String> stateKeys() {
    return List.of(STATE_RE, STATE_IM);
  }

  @Override
  protected String kernelName() {
    return "S4D";
  }

  @Override
  protected long workingMemoryPerStep() {
    return 3L * nIn + 2L * nIn * getStateSize();
  }

  /** Initialization of A. */
  public Init getInit() {
    return init;
  }

  /** Sets the initialization of A. */
  public void setInit(Init init) {
    this.init = init;
  }

  /** Discretization rule. */
  public Discretization getDiscretization() {
    return discretization;
  }

  /** Sets the discretization rule. */
  public void setDiscretization(Discretization discretization) {
    this.discretization = discretization;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof S4DLayerConf other
        && super.equals(o)
        && init == other.init
        && discretization == other.discretization;
  }

  @Override
  protected boolean canEqual(Object other) {
    return other instanceof S4DLayerConf;
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), init, discretization);
  }

  @Override
  protected String kernelSettings() {
    return ", init=" + init + ", discretization=" + discretization;
  }

  /** Builder; {@link #channels(int)} sets nIn = nOut. Activation defaults to identity. */
  // unchecked: DL4J declares build() as <E extends Layer> E; this one always returns S4DLayerConf
  @SuppressWarnings("unchecked")
  public static final class Builder extends SsmLayerConf.Builder<Builder> {

    private Init init = Init.LIN;
    private Discretization discretization = Discretization.ZOH;

    /** A builder with the S4D defaults: N = 64, Δ ∈ [1e-3, 1e-1], S4D-Lin, ZOH, identity. */
    public Builder() {
      super(64);
    }

    /** Initialization of A. */
    public Builder init(Init init) {
      this.init = init;
      return this;
    }

    /** Discretization rule. */
    public Builder discretization(Discretization discretization) {
      this.discretization = discretization;
      return this;
    }

    @Override
    public S4DLayerConf build() {
      return new S4DLayerConf(this);
    }
  }
}
