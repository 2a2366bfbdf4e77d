package dev.hiss.model.dl4j;

import dev.hiss.model.ssm.S4DConfig.Discretization;
import dev.hiss.model.ssm.S5Config;
import dev.hiss.model.ssm.S5Params;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * DL4J configuration of an S5 layer ({@link dev.hiss.model.ssm.S5Layer}): ONE multi-input
 * multi-output diagonal complex SSM of P = {@code stateSize} (real-equivalent) state size driven by
 * all H = nIn = nOut channels and read out to H channels, followed by the layer activation
 * (identity by default). Input and output are DL4J recurrent arrays, [batch, H, time] (NCW,
 * default) or [batch, time, H] (NWC); see {@link SsmLayerConf}.
 *
 * <p>With M = {@link S5Config#modes()} stored modes (P/2 under conjugate symmetry, else P), the
 * parameters in flat order are: lambdaRe, lambdaIm [M], bRe, bIm [M, H], cRe, cIm [H, M], d [H],
 * logDt [M]. Regularization applies to B̃, C̃ and D only, never to Λ or Δ. Streaming state: {@value
 * #STATE_RE}, {@value #STATE_IM}, each [batch, M].
 */
public final class S5LayerConf extends SsmLayerConf {

  private static final long serialVersionUID = 1L;

  /** Streaming state key: real part of the complex state, [batch, M]. */
  public static final String STATE_RE = "s5StateRe";

  /** Streaming state key: imaginary part of the complex state, [batch, M]. */
  public static final String STATE_IM = "s5StateIm";

  private int blocks = 1;
  private Discretization discretization = Discretization.ZOH;
  private boolean conjSym = true;
  private boolean clipEigs;
  private double ptdEpsilon;

  /** For JSON deserialization; use {@link Builder}. */
  public S5LayerConf() {
    super(64);
  }

  private S5LayerConf(Builder b) {
    super(b);
    this.blocks = b.blocks;
    this.discretization = b.discretization;
    this.conjSym = b.conjSym;
    this.clipEigs = b.clipEigs;
    this.ptdEpsilon = b.ptdEpsilon;
    toS5Config(); // validates eagerly
  }

  /**
   * The kernel configuration for this layer.
   *
   * @return S5Config with channels = nIn
   * @throws IllegalStateException if nIn ≠ nOut (when nOut is set)
   * @throws IllegalArgumentException if a hyper-parameter is invalid
   */
  public S5Config toS5Config() {
    return new S5Config(
        channels(),
        getStateSize(),
        blocks,
        getDtMin(),
        getDtMax(),
        discretization,
        conjSym,
        clipEigs,
        ptdEpsilon);
  }

  @Override
  public Map<String, long[]> paramShapes() {
    long h = channels();
    long m = toS5Config().modes();
    Map<String, long[]> s = new LinkedHashMap<>();
    s.put("lambdaRe", new long[] {m});
    s.put("lambdaIm", new long[] {m});
    s.put("bRe", new long[] {m, h});
    s.put("bIm", new long[] {m, h});
    s.put("cRe", new long[] {h, m});
    s.put("cIm", new long[] {h, m});
    s.put("d", new long[] {h});
    s.put("logDt", new long[] {m});
    return s;
  }

  @Override
  public Map<String, float[]> initialParams(long seed) {
    return S5Params.initialize(toS5Config(), seed).arrays();
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
    return "S5";
  }

  @Override
  protected long workingMemoryPerStep() {
    return 3L * nIn + 2L * getStateSize();
  }

  /** J, the number of HiPPO-N blocks of the initial state matrix. */
  public int getBlocks() {
    return blocks;
  }

  /** Sets J. */
  public void setBlocks(int blocks) {
    this.blocks = blocks;
  }

  /** Discretization rule. */
  public Discretization getDiscretization() {
    return discretization;
  }

  /** Sets the discretization rule. */
  public void setDiscretization(Discretization discretization) {
    this.discretization = discretization;
  }

  /** Whether only one mode of each conjugate pair is stored (y = 2·Re(C̃x) + D∘u). */
  public boolean isConjSym() {
    return conjSym;
  }

  /** Sets conjugate symmetry. */
  public void setConjSym(boolean conjSym) {
    this.conjSym = conjSym;
  }

  /** Whether Re λ is clamped to ≤ −1e-4 when discretizing. */
  public boolean isClipEigs() {
    return clipEigs;
  }

  /** Sets eigenvalue clipping. */
  public void setClipEigs(boolean clipEigs) {
    this.clipEigs = clipEigs;
  }

  /** ‖E‖₂ of the S5-PTD initialization; 0 (default) for HiPPO-N ({@link S5Config#ptdEpsilon()}). */
  public double getPtdEpsilon() {
    return ptdEpsilon;
  }

  /** Sets ‖E‖₂ of the S5-PTD initialization (0: HiPPO-N). */
  public void setPtdEpsilon(double ptdEpsilon) {
    this.ptdEpsilon = ptdEpsilon;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof S5LayerConf other
        && super.equals(o)
        && blocks == other.blocks
        && discretization == other.discretization
        && conjSym == other.conjSym
        && clipEigs == other.clipEigs
        && Double.compare(ptdEpsilon, other.ptdEpsilon) == 0;
  }

  @Override
  protected boolean canEqual(Object other) {
    return other instanceof S5LayerConf;
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), blocks, discretization, conjSym, clipEigs, ptdEpsilon);
  }

  @Override
  protected String kernelSettings() {
    return ", blocks="
        + blocks
        + ", discretization="
        + discretization
        + ", conjSym="
        + conjSym
        + ", clipEigs="
        + clipEigs
        + ", ptdEpsilon="
        + ptdEpsilon;
  }

  /** Builder; {@link #channels(int)} sets nIn = nOut. Activation defaults to identity. */
  // unchecked: DL4J declares build() as <E extends Layer> E; this one always returns S5LayerConf
  @SuppressWarnings("unchecked")
  public static final class Builder extends SsmLayerConf.Builder<Builder> {

    private int blocks = 1;
    private Discretization discretization = Discretization.ZOH;
    private boolean conjSym = true;
    private boolean clipEigs;
    private double ptdEpsilon;

    /**
     * A builder with the S5 defaults: P = 64, one HiPPO-N block, Δ ∈ [1e-3, 1e-1], ZOH, conjugate
     * symmetry, no eigenvalue clipping, identity.
     */
    public Builder() {
      super(64);
    }

    /** J, the number of HiPPO-N blocks (P/J must be even). */
    public Builder blocks(int blocks) {
      this.blocks = blocks;
      return this;
    }

    /** Discretization rule. */
    public Builder discretization(Discretization discretization) {
      this.discretization = discretization;
      return this;
    }

    /** Conjugate symmetry (store P/2 modes, output 2·Re). */
    public Builder conjSym(boolean conjSym) {
      this.conjSym = conjSym;
      return this;
    }

    /** Clamp Re λ ≤ −1e-4 when discretizing. */
    public Builder clipEigs(boolean clipEigs) {
      this.clipEigs = clipEigs;
      return this;
    }

    /**
     * S5-PTD initialization with perturbation norm ‖E‖₂ = epsilon (0, the default: HiPPO-N); see
     * {@link S5Config}.
     */
    public Builder ptdEpsilon(double epsilon) {
      this.ptdEpsilon = epsilon;
      return this;
    }

    @Override
    public S5LayerConf build() {
      return new S5LayerConf(this);
    }
  }
}
