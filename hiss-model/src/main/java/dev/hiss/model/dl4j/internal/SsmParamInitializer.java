package dev.hiss.model.dl4j.internal;

import dev.hiss.model.dl4j.SsmLayerConf;
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
 * Maps the kernel parameters of any {@link SsmLayerConf} onto views of DL4J's flat parameter (and
 * gradient) vector, in the order and shapes of {@link SsmLayerConf#paramShapes()} (the kernel's
 * {@code Params.arrays()} order). The values are initialized exactly as {@link
 * SsmLayerConf#initialParams(long)} (float values, widened when the network runs in double). Weight
 * and bias keys come from the configuration.
 */
public final class SsmParamInitializer implements ParamInitializer {

  private static final SsmParamInitializer INSTANCE = new SsmParamInitializer();

  private SsmParamInitializer() {}

  /** Returns the singleton. */
  public static SsmParamInitializer getInstance() {
    return INSTANCE;
  }

  private static SsmLayerConf ssm(Layer layer) {
    if (!(layer instanceof SsmLayerConf c)) {
      throw new IllegalArgumentException(
          "Invalid layer = " + layer + "; SsmParamInitializer needs an SsmLayerConf");
    }
    return c;
  }

  @Override
  public long numParams(NeuralNetConfiguration conf) {
    return numParams(conf.getLayer());
  }

  @Override
  public long numParams(Layer layer) {
    long n = 0;
    for (long[] shape : ssm(layer).paramShapes().values()) {
      n += length(shape);
    }
    return n;
  }

  @Override
  public List<String> paramKeys(Layer layer) {
    return List.copyOf(ssm(layer).paramShapes().keySet());
  }

  @Override
  public List<String> weightKeys(Layer layer) {
    return ssm(layer).weightKeys();
  }

  @Override
  public List<String> biasKeys(Layer layer) {
    return ssm(layer).biasKeys();
  }

  @Override
  public boolean isWeightParam(Layer layer, String key) {
    return weightKeys(layer).contains(key);
  }

  @Override
  public boolean isBiasParam(Layer layer, String key) {
    return biasKeys(layer).contains(key);
  }

  @Override
  public Map<String, INDArray> init(
      NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
    SsmLayerConf layer = ssm(conf.getLayer());
    return init(conf, paramsView, initializeParams, layer.resolveSeed(conf.getSeed(), 0));
  }

  /**
   * Views of the parameters, initialized with the given seed when asked.
   *
   * @param conf the layer's network configuration
   * @param paramsView this layer's slice of the flat parameter vector
   * @param initializeParams whether to write the initial values
   * @param seed seed for {@link SsmLayerConf#initialParams(long)}
   * @return key → view, in {@link SsmLayerConf#paramShapes()} order and shapes
   */
  public Map<String, INDArray> init(
      NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams, long seed) {
    SsmLayerConf layer = ssm(conf.getLayer());
    Map<String, INDArray> views = views(layer, paramsView);
    if (initializeParams) {
      Map<String, float[]> values = layer.initialParams(seed);
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
    return views(ssm(conf.getLayer()), gradientView);
  }

  private Map<String, INDArray> views(SsmLayerConf layer, INDArray flat) {
    long expected = numParams(layer);
    if (flat.length() != expected) {
      throw new IllegalArgumentException(
          "Invalid parameter view length = "
              + flat.length()
              + " for "
              + layer.getClass().getSimpleName()
              + "; must be "
              + expected);
    }
    INDArray v = flat.reshape(flat.length());
    Map<String, INDArray> m = new LinkedHashMap<>();
    long off = 0;
    for (Map.Entry<String, long[]> e : layer.paramShapes().entrySet()) {
      long[] shape = e.getValue();
      long len = length(shape);
      INDArray part = v.get(NDArrayIndex.interval(off, off + len));
      m.put(e.getKey(), shape.length == 1 ? part : part.reshape('c', shape));
      off += len;
    }
    return m;
  }

  private static long length(long[] shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return n;
  }
}
