package dev.hiss.model.dl4j;

import dev.hiss.model.ssm.S4Config;
import dev.hiss.model.ssm.S4Params;
import java.util.List;
import java.util.Map;

/**
 * DL4J configuration of an S4 layer in its DPLR form ({@link dev.hiss.model.ssm.S4Layer}: A = Λ −
 * P·P^H, HiPPO-LegS initialization, bilinear discretization): H = nIn = nOut independent channels,
 * each with N = {@code stateSize} complex modes (real state size 2N), followed by the layer
 * activation (identity by default). Input and output are DL4J recurrent arrays, [batch, H, time]
 * (NCW, default) or [batch, time, H] (NWC); see {@link SsmLayerConf}.
 *
 * <p>Parameters, in flat order: logDt [H], aReal, aImag, pRe, pIm, bRe, bIm, cRe, cIm [H, N], d
 * [H]. Regularization applies to B, C and D only, never to Δ, Λ or P. Streaming state: {@value
 * #STATE_RE}, {@value #STATE_IM}, each [batch, H·N] (index h·N + n).
 */
public final class S4LayerConf extends SsmLayerConf {

  private static final long serialVersionUID = 1L;

  /** Streaming state key: real part of the complex state, [batch, H·N]. */
  public static final String STATE_RE = "s4StateRe";

  /** Streaming state key: imaginary part of the complex state, [batch, H·N]. */
  public static final String STATE_IM = "s4StateIm";

  /** For JSON deserialization; use {@link Builder}. */
  public S4LayerConf() {
    super(32);
  }

  private S4LayerConf(Builder b) {
    super(b);
    toS4Config(); // validates eagerly
  }

  /**
   * The kernel configuration for this layer.
   *
   * @return S4Config with channels = nIn
   * @throws IllegalStateException if nIn ≠ nOut (when nOut is set)
   * @throws IllegalArgumentException if a hyper-parameter is invalid
   */
  public S4Config toS4Config() {
    return new S4Config(channels(), getStateSize(), getDtMin(), getDtMax());
  }

  @Override
  public Map<String, long[]> paramShapes() {
    return channelModeShapes(
        channels(), getStateSize(), "aReal", "aImag", "pRe", "pIm", "bRe", "bIm", "cRe", "cIm");
  }

  @Override
  public Map<String, float[]> initialParams(long seed) {
    return S4Params.initialize(toS4Config(), seed).arrays();
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
    return "S4";
  }

  @Override
  protected long workingMemoryPerStep() {
    return 3L * nIn + 2L * nIn * getStateSize();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof S4LayerConf && super.equals(o);
  }

  @Override
  protected boolean canEqual(Object other) {
    return other instanceof S4LayerConf;
  }

  @Override
  public int hashCode() {
    return super.hashCode();
  }

  /** Builder; {@link #channels(int)} sets nIn = nOut. Activation defaults to identity. */
  // unchecked: DL4J declares build() as <E extends Layer> E; this one always returns S4LayerConf
  @SuppressWarnings("unchecked")
  public static final class Builder extends SsmLayerConf.Builder<Builder> {

    /** A builder with the s4.py defaults: N = 32 (d_state 64), Δ ∈ [1e-3, 1e-1], identity. */
    public Builder() {
      super(32);
    }

    @Override
    public S4LayerConf build() {
      return new S4LayerConf(this);
    }
  }
}
