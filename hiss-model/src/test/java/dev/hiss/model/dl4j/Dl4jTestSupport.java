package dev.hiss.model.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hiss.model.ssm.S4DConfig.Discretization;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Small networks of the S4D, S4 (DPLR), S5 and Mamba DL4J layers, random data and comparisons for
 * the DL4J layer tests. Each kind has two variants with different hyper-parameters, so that a
 * two-layer network covers more than the defaults.
 */
final class Dl4jTestSupport {

  static final int H = 3;
  static final int N = 4;

  private Dl4jTestSupport() {}

  /** The layer kinds under test. */
  enum Kind {
    S4D,
    S4,
    S5,
    MAMBA;

    /**
     * A layer of this kind with H channels.
     *
     * @param variant 0 or 1: two different hyper-parameter sets
     * @param format recurrent data format
     * @param activation layer activation
     * @return the configuration (explicit seed for variant 0, network-derived for variant 1)
     */
    SsmLayerConf layer(int variant, RNNFormat format, Activation activation) {
      SsmLayerConf.Builder<?> b =
          switch (this) {
            case S4D ->
                new S4DLayerConf.Builder()
                    .stateSize(N)
                    .discretization(variant == 0 ? Discretization.ZOH : Discretization.BILINEAR);
            case S4 -> new S4LayerConf.Builder().stateSize(4 - variant);
            case S5 ->
                variant == 0
                    ? new S5LayerConf.Builder().stateSize(6)
                    : new S5LayerConf.Builder()
                        .stateSize(4)
                        .blocks(2)
                        .conjSym(false)
                        .clipEigs(true)
                        .discretization(Discretization.BILINEAR);
            case MAMBA ->
                variant == 0
                    ? new MambaLayerConf.Builder().stateSize(4).dConv(3)
                    : new MambaLayerConf.Builder().stateSize(3).dConv(2).expand(1).dtRank(2);
          };
      b.channels(H).dt(1e-2, 3e-1).dataFormat(format).activation(activation);
      if (variant == 0) {
        b.seed(11);
      }
      return b.build();
    }
  }

  /**
   * [kind(variant 0, identity) → kind(variant 1, tanh) → RnnOutputLayer(MSE, identity, H → 2)].
   *
   * @param kind layer kind
   * @param type network data type
   * @param format recurrent data format of every layer
   * @param updater updater of every layer
   * @return an initialized network with perturbed SSM parameters (see {@link #perturb})
   */
  static MultiLayerNetwork twoLayerNet(
      Kind kind, DataType type, RNNFormat format, IUpdater updater) {
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(7)
            .dataType(type)
            .updater(updater)
            .list()
            .layer(kind.layer(0, format, Activation.IDENTITY))
            .layer(kind.layer(1, format, Activation.TANH))
            .layer(
                new RnnOutputLayer.Builder(LossFunction.MSE)
                    .nIn(H)
                    .nOut(2)
                    .activation(Activation.IDENTITY)
                    .dataFormat(format)
                    .build())
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    perturb(net.getLayer(0).paramTable(), 101);
    perturb(net.getLayer(1).paramTable(), 202);
    return net;
  }

  /**
   * Perturbs every parameter so that all of them matter (e.g. S4's Im B starts at 0): Δ drawn from
   * [0.05, 0.35], every other entry moved by N(0, 0.2²).
   */
  static void perturb(Map<String, INDArray> table, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (Map.Entry<String, INDArray> e : table.entrySet()) {
      INDArray v = e.getValue();
      for (long i = 0; i < v.length(); i++) {
        double x =
            e.getKey().equals("logDt")
                ? Math.log(0.05 + 0.3 * r.nextDouble())
                : v.getDouble(i) + 0.2 * r.nextGaussian();
        v.putScalar(i, x);
      }
    }
  }

  /** The kernel parameters of a layer as float arrays, keyed and ordered as the parameter table. */
  static Map<String, float[]> floatParams(MultiLayerNetwork net, int layer) {
    Map<String, float[]> m = new LinkedHashMap<>();
    net.getLayer(layer)
        .paramTable()
        .forEach((k, v) -> m.put(k, v.castTo(DataType.FLOAT).dup('c').data().asFloat()));
    return m;
  }

  /** Gaussian array of the given type and shape. */
  static INDArray gaussian(DataType type, long seed, long... shape) {
    SplittableRandom r = new SplittableRandom(seed);
    INDArray a = Nd4j.create(type, shape);
    for (long i = 0; i < a.length(); i++) {
      a.putScalar(i, r.nextGaussian());
    }
    return a;
  }

  /** Max-norm relative error max|a − e| / max|e|. */
  static double relError(INDArray expected, INDArray actual) {
    assertEquals(
        java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()));
    INDArray e = expected.castTo(DataType.DOUBLE);
    INDArray a = actual.castTo(DataType.DOUBLE);
    double den = e.amaxNumber().doubleValue();
    double num = a.sub(e).amaxNumber().doubleValue();
    return den == 0 ? num : num / den;
  }

  /** [batch, time, H] ↔ [batch, H, time]. */
  static INDArray swapTimeAndChannels(INDArray x) {
    return x.permute(0, 2, 1).dup('c');
  }

  /** Format-dependent shape of a recurrent array. */
  static long[] shape(RNNFormat format, long batch, long channels, long time) {
    return format == RNNFormat.NCW
        ? new long[] {batch, channels, time}
        : new long[] {batch, time, channels};
  }
}
