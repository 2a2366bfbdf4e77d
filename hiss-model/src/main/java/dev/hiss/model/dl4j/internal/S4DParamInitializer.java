package dev.hiss.model.dl4j.internal;

import dev.hiss.model.dl4j.S4DLayerConf;
import dev.hiss.model.ssm.S4DConfig;
import dev.hiss.model.ssm.S4DParams;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Maps the S4D parameters onto views of DL4J's flat parameter (and gradient) vector, in the order
 * of {@link S4DParams#arrays()}: logDt [H], aReal, aImag, bRe, bIm, cRe, cIm [H, N], d [H]. The
 * values are initialized exactly as {@link S4DParams#initialize(S4DConfig, long)} (float values,
 * widened when the network runs in double).
 *
 * <p>B, C and D count as weights (the layer's regularization applies to them); Δ and A are neither
 * weights nor biases and are never regularized.
 */
public final class S4DParamInitializer implements ParamInitializer {

  /** Parameter keys, in flat-vector order. */
  public static final List<String> KEYS =
      List.of("logDt", "aReal", "aImag", "bRe", "bIm", "cRe", "cIm", "d");

  private static final List<String> WEIGHTS = List.of("bRe", "bIm", "cRe", "cIm", "d");

  private static final S4DParamInitializer INSTANCE = new S4DParamInitializer();

  private S4DParamInitializer() {}

  /** Returns the singleton. */
  public static S4DParamInitializer getInstance() {
    return INSTANCE;
  }

  private static S4DLayerConf s4d(Layer layer) {
    if (!(layer instanceof S4DLayerConf c)) {
      throw new IllegalArgumentException(
          "Invalid layer = " + layer + "; S4DParamInitializer needs an S4DLayerConf");
    }
    return c;
  }

  @Override
  public long numParams(NeuralNetConfiguration conf) {
    return numParams(conf.getLayer());
  }

  @Override
  public long numParams(Layer layer) {
    S4DConfig c = s4d(layer).toS4DConfig();
    return (long) c.channels() * (2 + 6L * c.stateSize());
  }

  @Override
  public List<String> paramKeys(Layer layer) {
    return KEYS;
  }

  @Override
  public List<String> weightKeys(Layer layer) {
    return WEIGHTS;
  }

  @Override
  public List<String> biasKeys(Layer layer) {
    return Collections.emptyList();
  }

  @Override
  public boolean isWeightParam(Layer layer, String key) {
    return WEIGHTS.contains(key);
  }

  @Override
  public boolean isBiasParam(Layer layer, String key) {
    return false;
  }

  @Override
  public Map<String, INDArray> init(
      NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
    S4DLayerConf layer = s4d(conf.getLayer());
    return init(conf, paramsView, initializeParams, layer.resolveSeed(conf.getSeed(), 0));
  }

  /**
   * Views of the parameters, initialized with the given seed when asked.
   *
   * @param conf the layer's network configuration
   * @param paramsView this layer's slice of the flat parameter vector
   * @param initializeParams whether to write the initial values
   * @param seed seed for {@link S4DParams#initialize(S4DConfig, long)}
   * @return key → view, in {@link #KEYS} order
   */
  public Map<String, INDArray> init(
      NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams, long seed) {
    S4DConfig c = s4d(conf.getLayer()).toS4DConfig();
    Map<String, INDArray> views = views(c, paramsView);
    if (initializeParams) {
      S4DParams p = S4DParams.initialize(c, seed);
      Map<String, float[]> values = p.arrays();
      for (Map.Entry<String, INDArray> e : views.entrySet()) {
        INDArray view = e.getValue();
        view.assign(Nd4j.createFromArray(values.get(e.getKey())).reshape(view.shape()));
      }
    }
    return views;
  }

  @Override
  public Map<String, INDArray> getGradientsFromFlattened(
      NeuralNetConfiguration conf, INDArray gradientView) {
    return views(s4d(conf.getLayer()).toS4DConfig(), gradientView);
  }

  private static Map<String, INDArray> views(S4DConfig c, INDArray flat) {
    long h = c.channels();
    long n = c.stateSize();
    long expected = h * (2 + 6 * n);
    if (flat.length() != expected) {
      throw new IllegalArgumentException(
          "Invalid S4D parameter view length = " + flat.length() + "; must be " + expected);
    }
    INDArray v = flat.reshape(flat.length());
    Map<String, INDArray> m = new LinkedHashMap<>();
    long off = 0;
    for (String key : KEYS) {
      boolean perChannel = key.equals("logDt") || key.equals("d");
      long len = perChannel ? h : h * n;
      INDArray part = v.get(NDArrayIndex.interval(off, off + len));
      m.put(key, perChannel ? part : part.reshape('c', h, n));
      off += len;
    }
    return m;
  }
}
