package dev.hiss.model.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hiss.model.ssm.S4DConfig;
import dev.hiss.model.ssm.S4DConfig.Discretization;
import dev.hiss.model.ssm.S4DParams;
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

/** Small S4D networks, random data and parameter access for the DL4J layer tests. */
final class Dl4jTestSupport {

  static final int H = 3;
  static final int N = 4;

  private Dl4jTestSupport() {}

  /**
   * [S4D(ZOH, identity) → S4D(BILINEAR, tanh) → RnnOutputLayer(MSE, identity, H → 2)].
   *
   * @param type network data type
   * @param format recurrent data format of every layer
   * @param updater updater of every layer
   * @return an initialized network with perturbed S4D parameters (see {@link #perturb})
   */
  static MultiLayerNetwork twoLayerNet(DataType type, RNNFormat format, IUpdater updater) {
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(7)
            .dataType(type)
            .updater(updater)
            .list()
            .layer(
                new S4DLayerConf.Builder()
                    .channels(H)
                    .stateSize(N)
                    .dt(1e-2, 3e-1)
                    .seed(11)
                    .dataFormat(format)
                    .build())
            .layer(
                new S4DLayerConf.Builder()
                    .channels(H)
                    .stateSize(N)
                    .discretization(Discretization.BILINEAR)
                    .dt(1e-2, 3e-1)
                    .activation(Activation.TANH)
                    .dataFormat(format)
                    .build())
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
    perturb(net, 0, 101);
    perturb(net, 1, 202);
    return net;
  }

  /**
   * Perturbs the S4D parameters of one layer so that every parameter matters: complex B, varied Re
   * A, Im A and Δ, larger C.
   */
  static void perturb(MultiLayerNetwork net, int layer, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Map<String, INDArray> table = net.getLayer(layer).paramTable();
    for (Map.Entry<String, INDArray> e : table.entrySet()) {
      INDArray v = e.getValue();
      for (long i = 0; i < v.length(); i++) {
        double x = v.getDouble(i);
        double g = r.nextGaussian();
        switch (e.getKey()) {
          case "logDt" -> x = Math.log(0.05 + 0.3 * r.nextDouble());
          case "aReal", "aImag", "bRe" -> x += 0.3 * g;
          case "bIm" -> x = 0.5 * g;
          default -> x += 0.2 * g;
        }
        v.putScalar(i, x);
      }
    }
  }

  /** The float kernel parameters held by S4D layer {@code layer} of {@code net}. */
  static S4DParams kernelParams(MultiLayerNetwork net, int layer) {
    S4DLayerConf conf = (S4DLayerConf) net.getLayer(layer).conf().getLayer();
    S4DConfig config = conf.toS4DConfig();
    S4DParams p = S4DParams.zeros(config);
    Map<String, INDArray> table = net.getLayer(layer).paramTable();
    p.arrays()
        .forEach(
            (k, v) -> {
              INDArray src = table.get(k);
              assertEquals(v.length, src.length(), k);
              for (int i = 0; i < v.length; i++) {
                v[i] = src.getFloat(i);
              }
            });
    return p;
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
