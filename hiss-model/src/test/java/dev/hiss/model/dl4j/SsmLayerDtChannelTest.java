package dev.hiss.model.dl4j;

import static dev.hiss.model.dl4j.Dl4jTestSupport.H;
import static dev.hiss.model.dl4j.Dl4jTestSupport.floatParams;
import static dev.hiss.model.dl4j.Dl4jTestSupport.gaussian;
import static dev.hiss.model.dl4j.Dl4jTestSupport.perturb;
import static dev.hiss.model.dl4j.Dl4jTestSupport.relError;
import static dev.hiss.model.dl4j.Dl4jTestSupport.swapTimeAndChannels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.dl4j.Dl4jTestSupport.Kind;
import dev.hiss.model.ssm.MambaLayer;
import dev.hiss.model.ssm.MambaParams;
import dev.hiss.model.ssm.S4DLayer;
import dev.hiss.model.ssm.S4DParams;
import dev.hiss.model.ssm.S4Layer;
import dev.hiss.model.ssm.S4Params;
import dev.hiss.model.ssm.S5Layer;
import dev.hiss.model.ssm.S5Params;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The Δt-scale and reset side channels of the S4D, S4, S5 and Mamba DL4J layers (input [batch, H +
 * 2, time], channel H = Δt, channel H + 1 = reset): outputs equal the float kernels run with the
 * same dtScale and reset mask, streaming equals the whole sequence, analytic gradients pass DL4J's
 * gradient check in double, and bad side values are rejected by value and position.
 */
class SsmLayerDtChannelTest {

  private static final int B = 2;

  /** [kind(variant, activation, Δt + reset channels) → RnnOutputLayer(MSE, H → 2)], NCW. */
  static MultiLayerNetwork net(Kind kind, int variant, DataType type, Activation activation) {
    return net(kind, variant, type, activation, new NoOp());
  }

  /** As {@link #net(Kind, int, DataType, Activation)} with another updater. */
  static MultiLayerNetwork net(
      Kind kind, int variant, DataType type, Activation activation, IUpdater updater) {
    SsmLayerConf layer = kind.layer(variant, RNNFormat.NCW, activation);
    layer.setDtChannel(true);
    layer.setResetChannel(true);
    layer.setNIn(H + 2);
    MultiLayerNetwork net =
        new MultiLayerNetwork(
            new NeuralNetConfiguration.Builder()
                .seed(7)
                .dataType(type)
                .updater(updater)
                .list()
                .layer(layer)
                .layer(
                    new RnnOutputLayer.Builder(LossFunction.MSE)
                        .nIn(H)
                        .nOut(2)
                        .activation(Activation.IDENTITY)
                        .build())
                .build());
    net.init();
    perturb(net.getLayer(0).paramTable(), 101 + variant);
    return net;
  }

  /**
   * An input [B, H + 2, t]: Gaussian data, Δt drawn log-uniformly from [0.2, 5], resets at step 0
   * of series 0 and at a few later steps.
   */
  static INDArray input(DataType type, long seed, int t) {
    INDArray in = Nd4j.create(type, B, H + 2, t);
    in.get(NDArrayIndex.all(), NDArrayIndex.interval(0, H), NDArrayIndex.all())
        .assign(gaussian(type, seed, B, H, t));
    SplittableRandom r = new SplittableRandom(seed + 1);
    for (int b = 0; b < B; b++) {
      for (int s = 0; s < t; s++) {
        in.putScalar(new long[] {b, H, s}, Math.exp(Math.log(0.2) + Math.log(25) * r.nextDouble()));
        boolean reset = (b == 0 && s == 0) || s == t / 2 + b || s == t - 2;
        in.putScalar(new long[] {b, H + 1, s}, reset ? 1 : 0);
      }
    }
    return in;
  }

  /** The float kernel of {@code conf} with a Δt scale and reset mask over u [b, t, H]. */
  static float[] kernelForward(
      SsmLayerConf conf, Map<String, float[]> values, float[] u, int b, boolean[] r, float[] dt) {
    int t = u.length / (b * H);
    float[] y = new float[u.length];
    if (conf instanceof S4DLayerConf c) {
      S4DParams p = S4DParams.zeros(c.toS4DConfig());
      values.forEach((k, v) -> System.arraycopy(v, 0, p.arrays().get(k), 0, v.length));
      new S4DLayer(p).forward(u, b, t, y, null, r, dt, null);
    } else if (conf instanceof S4LayerConf c) {
      S4Params p = S4Params.zeros(c.toS4Config());
      values.forEach((k, v) -> System.arraycopy(v, 0, p.arrays().get(k), 0, v.length));
      new S4Layer(p).forward(u, b, t, y, null, r, dt, null);
    } else if (conf instanceof S5LayerConf c) {
      S5Params p = S5Params.zeros(c.toS5Config());
      values.forEach((k, v) -> System.arraycopy(v, 0, p.arrays().get(k), 0, v.length));
      new S5Layer(p).forward(u, b, t, y, null, r, dt, null);
    } else {
      MambaParams p = MambaParams.zeros(((MambaLayerConf) conf).toMambaConfig());
      values.forEach((k, v) -> System.arraycopy(v, 0, p.arrays().get(k), 0, v.length));
      new MambaLayer(p).forward(u, b, t, y, null, r, dt, null);
    }
    return y;
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void outputEqualsTheKernelWithTheSameDtScaleAndResets(Kind kind) {
    MultiLayerNetwork net = net(kind, 0, DataType.FLOAT, Activation.IDENTITY);
    int t = 30;
    INDArray in = input(DataType.FLOAT, 8, t);
    INDArray out = net.feedForward(in, false).get(1);
    assertEquals(
        java.util.Arrays.toString(new long[] {B, H, t}), java.util.Arrays.toString(out.shape()));
    float[] u =
        swapTimeAndChannels(in.get(NDArrayIndex.all(), NDArrayIndex.interval(0, H)))
            .data()
            .asFloat();
    float[] dt = in.get(NDArrayIndex.all(), NDArrayIndex.point(H)).dup('c').data().asFloat();
    float[] rf = in.get(NDArrayIndex.all(), NDArrayIndex.point(H + 1)).dup('c').data().asFloat();
    boolean[] reset = new boolean[rf.length];
    for (int i = 0; i < rf.length; i++) {
      reset[i] = rf[i] == 1f;
    }
    SsmLayerConf conf = (SsmLayerConf) net.getLayer(0).conf().getLayer();
    float[] y = kernelForward(conf, floatParams(net, 0), u, B, reset, dt);
    INDArray expected = swapTimeAndChannels(Nd4j.createFromArray(y).reshape(B, t, H));
    assertEquals(0.0, relError(expected, out), 1e-6, kind + ": layer vs kernel");

    // the side channels matter: Δt ≡ 1 without resets gives another output
    float[] plain = kernelForward(conf, floatParams(net, 0), u, B, null, null);
    INDArray other = swapTimeAndChannels(Nd4j.createFromArray(plain).reshape(B, t, H));
    assertTrue(relError(other, out) > 1e-2, kind + ": Δt/reset ignored?");

    // the double network (reference twins) agrees
    MultiLayerNetwork dbl = net(kind, 0, DataType.DOUBLE, Activation.IDENTITY);
    dbl.setParams(net.params().castTo(DataType.DOUBLE));
    INDArray outD = dbl.feedForward(in.castTo(DataType.DOUBLE), false).get(1);
    assertTrue(relError(outD, out) < 1e-5, kind + ": double vs float " + relError(outD, out));
  }

  static Stream<Arguments> kindsAndTypes() {
    return Stream.of(Kind.values())
        .flatMap(k -> Stream.of(DataType.FLOAT, DataType.DOUBLE).map(t -> Arguments.of(k, t)));
  }

  @ParameterizedTest
  @MethodSource("kindsAndTypes")
  void rnnTimeStepUsesTheSideChannels(Kind kind, DataType type) {
    MultiLayerNetwork net = net(kind, 1, type, Activation.TANH);
    int t = 24;
    INDArray in = input(type, 21, t);
    INDArray whole = net.output(in);
    INDArray streamed = whole.like();
    for (int s = 0; s < t; s++) {
      INDArray step =
          net.rnnTimeStep(
              in.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(s, s + 1)));
      streamed
          .get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(s, s + 1))
          .assign(step);
    }
    double tol = type == DataType.DOUBLE ? 1e-12 : 1e-5;
    assertTrue(relError(whole, streamed) < tol, kind + " steps: " + relError(whole, streamed));
    net.rnnClearPreviousState();
    int[] cuts = {0, 5, 13, t};
    for (int c = 0; c + 1 < cuts.length; c++) {
      INDArrayIndex[] at = {
        NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(cuts[c], cuts[c + 1])
      };
      streamed.get(at).assign(net.rnnTimeStep(in.get(at)));
    }
    assertTrue(relError(whole, streamed) < tol, kind + " chunks: " + relError(whole, streamed));
  }
}
