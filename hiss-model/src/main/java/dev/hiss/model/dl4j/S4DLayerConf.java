package dev.hiss.model.dl4j;

import dev.hiss.model.dl4j.internal.S4DParamInitializer;
import dev.hiss.model.dl4j.internal.S4DRecurrentLayer;
import dev.hiss.model.ssm.S4DConfig;
import dev.hiss.model.ssm.S4DConfig.Discretization;
import dev.hiss.model.ssm.S4DConfig.Init;
import java.util.Collection;
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
 * DL4J configuration of an S4D recurrent layer ({@link dev.hiss.model.ssm.S4DLayer}): H = nIn =
 * nOut independent channels, each a diagonal complex SSM with {@code stateSize} modes, followed by
 * the layer activation (identity by default). Input and output are DL4J recurrent arrays, [batch,
 * H, time] (NCW, default) or [batch, time, H] (NWC).
 *
 * <p>Parameters (see {@link S4DParamInitializer}): logDt, aReal, aImag, bRe, bIm, cRe, cIm, d. The
 * layer's regularization (l1/l2/weight decay) applies to B, C and D only, never to Δ or A. Weight
 * init settings are ignored: parameters are initialized by {@code S4DParams.initialize(config,
 * seed)}. The seed is {@link #getSeed()} when set, otherwise derived from the network seed and the
 * layer index. Weight noise is not supported; dropout (on the layer input) is.
 *
 * <p>Serialized as JSON by DL4J through its bean accessors (public no-arg constructor, getters,
 * setters).
 */
public class S4DLayerConf extends BaseRecurrentLayer {

  private static final long serialVersionUID = 1L;

  private int stateSize = 64;
  private double dtMin = 1e-3;
  private double dtMax = 1e-1;
  private Init init = Init.LIN;
  private Discretization discretization = Discretization.ZOH;
  private Long seed;

  /** For JSON deserialization; use {@link Builder}. */
  public S4DLayerConf() {}

  private S4DLayerConf(Builder b) {
    super(b);
    this.stateSize = b.stateSize;
    this.dtMin = b.dtMin;
    this.dtMax = b.dtMax;
    this.init = b.init;
    this.discretization = b.discretization;
    this.seed = b.seed;
    toS4DConfig(); // validates eagerly when nIn is known
  }

  /**
   * The kernel configuration for this layer.
   *
   * @return S4DConfig with channels = nIn
   * @throws IllegalStateException if nIn ≠ nOut (when nOut is set)
   * @throws IllegalArgumentException if a hyper-parameter is invalid
   */
  public S4DConfig toS4DConfig() {
    if (nOut != 0 && nIn != 0 && nIn != nOut) {
      throw new IllegalStateException(
          "Invalid S4D layer "
              + layerName
              + ": nIn = "
              + nIn
              + ", nOut = "
              + nOut
              + "; S4D needs nIn == nOut (channels)");
    }
    long h = nIn == 0 ? Math.max(nOut, 1) : nIn;
    return new S4DConfig(Math.toIntExact(h), stateSize, dtMin, dtMax, init, discretization);
  }

  /** Sets nIn from the input type and keeps nOut = nIn (S4D maps H channels to H channels). */
  @Override
  public void setNIn(InputType inputType, boolean override) {
    super.setNIn(inputType, override);
    if (nOut == 0 || override) {
      nOut = nIn;
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
    if (nIn <= 0 || nIn != nOut) {
      throw new IllegalStateException(
          "Invalid S4D layer (index "
              + layerIndex
              + "): nIn = "
              + nIn
              + ", nOut = "
              + nOut
              + "; both must equal channels > 0");
    }
    if (getWeightNoise() != null) {
      throw new IllegalStateException(
          "Invalid S4D layer (index " + layerIndex + "): weight noise is not supported");
    }
    S4DRecurrentLayer ret = new S4DRecurrentLayer(conf, networkDataType);
    ret.setListeners(trainingListeners);
    ret.setIndex(layerIndex);
    ret.setParamsViewArray(layerParamsView);
    Map<String, INDArray> paramTable =
        S4DParamInitializer.getInstance()
            .init(conf, layerParamsView, initializeParams, resolveSeed(conf.getSeed(), layerIndex));
    ret.setParamTable(paramTable);
    ret.setConf(conf);
    return ret;
  }

  /**
   * The initialization seed: {@link #getSeed()} when set, else a mix of the network seed and the
   * layer index (so that stacked S4D layers differ).
   *
   * @param networkSeed the network configuration seed
   * @param layerIndex the layer index
   * @return the seed for {@code S4DParams.initialize}
   */
  public long resolveSeed(long networkSeed, int layerIndex) {
    return seed != null ? seed : networkSeed + 0x9E3779B97F4A7C15L * (layerIndex + 1L);
  }

  @Override
  public ParamInitializer initializer() {
    return S4DParamInitializer.getInstance();
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
    // per example and step: input copy, output and (for backprop) the complex state per mode
    long perEx = 3L * nIn + 2L * nIn * stateSize;
    return new LayerMemoryReport.Builder(layerName, S4DLayerConf.class, inputType, out)
        .standardMemory(params, params)
        .workingMemory(0, perEx, 0, perEx)
        .cacheMemory(0, 0)
        .build();
  }

  /** Number of complex modes per channel (N). */
  public int getStateSize() {
    return stateSize;
  }

  /** Sets N. */
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

  /** Explicit initialization seed, or null to derive it from the network seed. */
  public Long getSeed() {
    return seed;
  }

  /** Sets the explicit initialization seed (null: derive from the network seed). */
  public void setSeed(Long seed) {
    this.seed = seed;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof S4DLayerConf other) || !super.equals(o)) {
      return false;
    }
    return stateSize == other.stateSize
        && Double.compare(dtMin, other.dtMin) == 0
        && Double.compare(dtMax, other.dtMax) == 0
        && init == other.init
        && discretization == other.discretization
        && Objects.equals(seed, other.seed);
  }

  @Override
  protected boolean canEqual(Object other) {
    return other instanceof S4DLayerConf;
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), stateSize, dtMin, dtMax, init, discretization, seed);
  }

  @Override
  public String toString() {
    return "S4DLayerConf(nIn="
        + nIn
        + ", stateSize="
        + stateSize
        + ", dt=["
        + dtMin
        + ", "
        + dtMax
        + "], init="
        + init
        + ", discretization="
        + discretization
        + ", seed="
        + seed
        + ", activation="
        + activationFn
        + ", format="
        + rnnDataFormat
        + ")";
  }

  /** Builder; {@link #channels(int)} sets nIn = nOut. Activation defaults to identity. */
  // unchecked: DL4J declares build() as <E extends Layer> E; this one always returns S4DLayerConf
  @SuppressWarnings("unchecked")
  public static final class Builder extends BaseRecurrentLayer.Builder<Builder> {

    private int stateSize = 64;
    private double dtMin = 1e-3;
    private double dtMax = 1e-1;
    private Init init = Init.LIN;
    private Discretization discretization = Discretization.ZOH;
    private Long seed;

    /** A builder with the S4D defaults: N = 64, Δ ∈ [1e-3, 1e-1], S4D-Lin, ZOH, identity. */
    public Builder() {
      this.activationFn = new ActivationIdentity();
    }

    /** H: sets nIn and nOut. */
    public Builder channels(int channels) {
      nIn(channels);
      return nOut(channels);
    }

    /** N, complex modes per channel. */
    public Builder stateSize(int stateSize) {
      this.stateSize = stateSize;
      return this;
    }

    /** Range of the initial Δ (log-uniform). */
    public Builder dt(double dtMin, double dtMax) {
      this.dtMin = dtMin;
      this.dtMax = dtMax;
      return this;
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

    /** Explicit initialization seed. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    @Override
    public S4DLayerConf build() {
      return new S4DLayerConf(this);
    }
  }
}
