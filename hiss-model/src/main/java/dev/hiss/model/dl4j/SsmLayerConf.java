package dev.hiss.model.dl4j;

import dev.hiss.model.dl4j.internal.SsmParamInitializer;
import dev.hiss.model.dl4j.internal.SsmRecurrentLayer;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Common DL4J configuration of the hand-written state-space layers (S4D, S4, S5, Mamba): each maps
 * H = nOut channels to H channels, followed by the layer activation (identity by default); nIn = H,
 * plus 1 or 2 when the optional Δt / reset channels are enabled (below).
 *
 * <p>Shapes: input and output are DL4J recurrent arrays, [batch, H, time] (NCW, the default) or
 * [batch, time, H] (NWC) (input [batch, nIn, time] with Δt / reset channels); input masks are
 * [batch, time]. The streaming state (rnnTimeStep, truncated BPTT) is a map {@link #stateKeys()} →
 * [batch, width] arrays.
 *
 * <p>Parameters are stored unconstrained, exactly as the {@code dev.hiss.model.ssm} kernels hold
 * them ({@link #paramShapes()}), and initialized by the kernel's {@code Params.initialize(config,
 * seed)}; weight-init settings are ignored. The seed is {@link #getSeed()} when set, otherwise
 * derived from the network seed and the layer index. The layer regularization (l1/l2/weight decay)
 * applies to {@link #weightKeys()} only and the bias regularization to {@link #biasKeys()}. Weight
 * noise is not supported; dropout (on the layer input) is.
 *
 * <p><b>Δt and reset channels</b> (irregular sampling, episode boundaries): with {@link
 * #isDtChannel()} and/or {@link #isResetChannel()} the layer reads extra input channels after its H
 * data channels, so nIn = H + extra and nOut = H. NCW input is [batch, H + extra, time] (NWC
 * [batch, time, H + extra]): channels 0 … H−1 feed the kernel; channel H is the Δt scale when
 * {@code dtChannel} is set (step t of series b then uses Δ = exp(logDt)·dt[b, t], each value finite
 * and &gt; 0); the last channel is the reset flag when {@code resetChannel} is set (0 or 1; 1
 * zeroes the state before that step, as the kernels' reset masks do). The output is [batch, H,
 * time]. The extra channels are data: they are not dropped out, and the input gradient returned for
 * them is zero (the kernels give no gradient with respect to Δt; feed these channels from the
 * network input, not from a trainable layer). At steps masked out by the input mask they are
 * ignored (Δt = 1, no reset). Batch forward, backward, truncated BPTT and {@code rnnTimeStep} all
 * use them.
 *
 * <p>Serialized as JSON by DL4J through its fields (public no-arg constructors in the subclasses).
 */
public abstract sealed class SsmLayerConf extends BaseRecurrentLayer
    permits S4DLayerConf, S4LayerConf, S5LayerConf, MambaLayerConf {

  private static final long serialVersionUID = 1L;

  private int stateSize;
  private double dtMin = 1e-3;
  private double dtMax = 1e-1;
  private Long seed;
  private boolean dtChannel;
  private boolean resetChannel;

  /**
   * For JSON deserialization.
   *
   * @param defaultStateSize the kernel's default state size
   */
  protected SsmLayerConf(int defaultStateSize) {
    this.stateSize = defaultStateSize;
  }

  /**
   * From a builder.
   *
   * @param b the builder
   */
  protected SsmLayerConf(Builder<?> b) {
    super(b);
    this.stateSize = b.stateSize;
    this.dtMin = b.dtMin;
    this.dtMax = b.dtMax;
    this.seed = b.seed;
    this.dtChannel = b.dtChannel;
    this.resetChannel = b.resetChannel;
    if (extraChannels() > 0 && nIn != 0 && nIn == nOut) {
      nIn += extraChannels(); // channels(H) set nIn = nOut = H; the side channels come on top
    }
  }

  /**
   * The parameter names and shapes, in flat-vector order (the kernel's {@code Params.arrays()}
   * order; shapes row-major).
   *
   * @return name → shape
   */
  public abstract Map<String, long[]> paramShapes();

  /**
   * Freshly initialized kernel parameters.
   *
   * @param seed initialization seed
   * @return name → values, in {@link #paramShapes()} order
   */
  public abstract Map<String, float[]> initialParams(long seed);

  /** The parameters the layer regularization applies to. */
  public abstract List<String> weightKeys();

  /** The parameters the bias regularization applies to (none unless overridden). */
  public List<String> biasKeys() {
    return List.of();
  }

  /** Keys of the streaming state arrays, each [batch, width], in kernel order. */
  public abstract List<String> stateKeys();

  /**
   * The shapes of an S4-style layer: logDt [H], each per-mode parameter [H, N], d [H].
   *
   * @param h H
   * @param n N
   * @param perMode names of the per-mode parameters
   * @return name → shape, in that order
   */
  protected static Map<String, long[]> channelModeShapes(long h, long n, String... perMode) {
    Map<String, long[]> m = new LinkedHashMap<>();
    m.put("logDt", new long[] {h});
    for (String k : perMode) {
      m.put(k, new long[] {h, n});
    }
    m.put("d", new long[] {h});
    return m;
  }

  /** Kernel name for messages, e.g. "S4D". */
  protected abstract String kernelName();

  /** Working floats per example and time step (for {@link #getMemoryReport}). */
  protected abstract long workingMemoryPerStep();

  /**
   * The number of side channels after the H data channels: 1 for the Δt channel, 1 for the reset
   * channel.
   *
   * @return 0, 1 or 2
   */
  public int extraChannels() {
    return (dtChannel ? 1 : 0) + (resetChannel ? 1 : 0);
  }

  /**
   * H, the data channel count (nOut, or nIn − {@link #extraChannels()} before nOut is known, else
   * 1), for the kernel configuration.
   *
   * @return H
   * @throws IllegalStateException if nIn ≠ nOut + extraChannels() (when both are set)
   */
  protected int channels() {
    int extra = extraChannels();
    if (nOut != 0 && nIn != 0 && nIn != nOut + extra) {
      throw new IllegalStateException(
          "Invalid "
              + kernelName()
              + " layer "
              + layerName
              + ": nIn = "
              + nIn
              + ", nOut = "
              + nOut
              + "; "
              + kernelName()
              + " needs nIn == nOut + "
              + extra
              + " (channels"
              + (extra > 0 ? " plus the Δt/reset channels" : "")
              + ")");
    }
    if (nOut != 0) {
      return Math.toIntExact(nOut);
    }
    return Math.toIntExact(nIn > extra ? nIn - extra : 1);
  }

  /**
   * Sets nIn from the input type and nOut = nIn − {@link #extraChannels()} (H channels to H
   * channels).
   */
  @Override
  public void setNIn(InputType inputType, boolean override) {
    super.setNIn(inputType, override);
    if (nOut == 0 || override) {
      nOut = nIn - extraChannels();
    }
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> trainingListeners,
      int layerIndex,
      INDArray layerParamsView,
      boolean initializeParams,
      DataType networkDataType) {
    String where = "Invalid " + kernelName() + " layer (index " + layerIndex + "): ";
    if (nOut <= 0 || nIn != nOut + extraChannels()) {
      throw new IllegalStateException(
          where
              + "nIn = "
              + nIn
              + ", nOut = "
              + nOut
              + "; nOut must be channels > 0 and nIn = nOut + "
              + extraChannels()
              + " (Δt/reset channels)");
    }
    if (getWeightNoise() != null) {
      throw new IllegalStateException(where + "weight noise is not supported");
    }
    SsmRecurrentLayer ret = new SsmRecurrentLayer(conf, networkDataType);
    ret.setListeners(trainingListeners);
    ret.setIndex(layerIndex);
    ret.setParamsViewArray(layerParamsView);
    Map<String, INDArray> paramTable =
        SsmParamInitializer.getInstance()
            .init(conf, layerParamsView, initializeParams, resolveSeed(conf.getSeed(), layerIndex));
    ret.setParamTable(paramTable);
    ret.setConf(conf);
    return ret;
  }

  /**
   * The initialization seed: {@link #getSeed()} when set, else a mix of the network seed and the
   * layer index (so that stacked layers differ).
   *
   * @param networkSeed the network configuration seed
   * @param layerIndex the layer index
   * @return the seed for {@link #initialParams(long)}
   */
  public long resolveSeed(long networkSeed, int layerIndex) {
    return seed != null ? seed : networkSeed + 0x9E3779B97F4A7C15L * (layerIndex + 1L);
  }

  @Override
  public ParamInitializer initializer() {
    return SsmParamInitializer.getInstance();
  }

  @Override
  public List<Regularization> getRegularizationByParam(String paramName) {
    List<Regularization> r = super.getRegularizationByParam(paramName);
    return r == null ? List.of() : r;
  }

  @Override
  public LayerMemoryReport getMemoryReport(InputType inputType) {
    InputType out = getOutputType(-1, inputType);
    long params = initializer().numParams(this);
    long perEx = workingMemoryPerStep();
    return new LayerMemoryReport.Builder(layerName, getClass(), inputType, out)
        .standardMemory(params, params)
        .workingMemory(0, perEx, 0, perEx)
        .cacheMemory(0, 0)
        .build();
  }

  /** The state size (meaning per kernel: S4D, S4 N complex modes; S5 P; Mamba dState). */
  public int getStateSize() {
    return stateSize;
  }

  /** Sets the state size. */
  public void setStateSize(int stateSize) {
    this.stateSize = stateSize;
  }

  /** Lower bound of the initial Δ. */
  public double getDtMin() {
    return dtMin;
  }

  /** Sets the lower bound of the initial Δ. */
  public void setDtMin(double dtMin) {
    this.dtMin = dtMin;
  }

  /** Upper bound of the initial Δ. */
  public double getDtMax() {
    return dtMax;
  }

  /** Sets the upper bound of the initial Δ. */
  public void setDtMax(double dtMax) {
    this.dtMax = dtMax;
  }

  /** Explicit initialization seed, or null to derive it from the network seed. */
  public Long getSeed() {
    return seed;
  }

  /** Sets the explicit initialization seed (null: derive from the network seed). */
  public void setSeed(Long seed) {
    this.seed = seed;
  }

  /** Whether channel H of the input carries the per-step Δt scale (see the class comment). */
  public boolean isDtChannel() {
    return dtChannel;
  }

  /** Sets whether channel H of the input carries the per-step Δt scale. */
  public void setDtChannel(boolean dtChannel) {
    this.dtChannel = dtChannel;
  }

  /** Whether the last input channel carries the per-step reset flag (see the class comment). */
  public boolean isResetChannel() {
    return resetChannel;
  }

  /** Sets whether the last input channel carries the per-step reset flag. */
  public void setResetChannel(boolean resetChannel) {
    this.resetChannel = resetChannel;
  }

  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof SsmLayerConf other
            && super.equals(o)
            && stateSize == other.stateSize
            && Double.compare(dtMin, other.dtMin) == 0
            && Double.compare(dtMax, other.dtMax) == 0
            && Objects.equals(seed, other.seed)
            && dtChannel == other.dtChannel
            && resetChannel == other.resetChannel);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), stateSize, dtMin, dtMax, seed, dtChannel, resetChannel);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "(nIn="
        + nIn
        + ", stateSize="
        + stateSize
        + ", dt=["
        + dtMin
        + ", "
        + dtMax
        + "]"
        + kernelSettings()
        + (dtChannel ? ", dtChannel" : "")
        + (resetChannel ? ", resetChannel" : "")
        + ", seed="
        + seed
        + ", activation="
        + activationFn
        + ", format="
        + rnnDataFormat
        + ")";
  }

  /** The kernel-specific settings for {@link #toString()}, each preceded by ", ". */
  protected String kernelSettings() {
    return "";
  }

  /**
   * Builder base; {@link #channels(int)} sets nIn = nOut. Activation defaults to identity.
   *
   * @param <T> the concrete builder
   */
  public abstract static class Builder<T extends Builder<T>> extends BaseRecurrentLayer.Builder<T> {

    private int stateSize;
    private double dtMin = 1e-3;
    private double dtMax = 1e-1;
    private Long seed;
    private boolean dtChannel;
    private boolean resetChannel;

    /**
     * Identity activation and Δ ∈ [1e-3, 1e-1] by default.
     *
     * @param defaultStateSize the kernel's default state size
     */
    protected Builder(int defaultStateSize) {
      this.activationFn = new ActivationIdentity();
      this.stateSize = defaultStateSize;
    }

    /** The state size (see {@link SsmLayerConf#getStateSize()}). */
    @SuppressWarnings("unchecked")
    public T stateSize(int stateSize) {
      this.stateSize = stateSize;
      return (T) this;
    }

    /** Range of the initial Δ (log-uniform). */
    @SuppressWarnings("unchecked")
    public T dt(double dtMin, double dtMax) {
      this.dtMin = dtMin;
      this.dtMax = dtMax;
      return (T) this;
    }

    /**
     * Whether the input has a Δt-scale channel after the H data channels (see {@link
     * SsmLayerConf}); nIn then counts it.
     */
    @SuppressWarnings("unchecked")
    public T dtChannel(boolean dtChannel) {
      this.dtChannel = dtChannel;
      return (T) this;
    }

    /**
     * Whether the input's last channel is a reset flag (see {@link SsmLayerConf}); nIn then counts
     * it.
     */
    @SuppressWarnings("unchecked")
    public T resetChannel(boolean resetChannel) {
      this.resetChannel = resetChannel;
      return (T) this;
    }

    /** H: sets nIn and nOut (the Δt/reset channels, when enabled, are added to nIn on build). */
    public T channels(int channels) {
      nIn(channels);
      return nOut(channels);
    }

    /** Explicit initialization seed. */
    @SuppressWarnings("unchecked")
    public T seed(long seed) {
      this.seed = seed;
      return (T) this;
    }
  }
}
