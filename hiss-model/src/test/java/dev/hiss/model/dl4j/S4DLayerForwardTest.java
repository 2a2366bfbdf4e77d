package dev.hiss.model.dl4j;

import static dev.hiss.model.dl4j.Dl4jTestSupport.H;
import static dev.hiss.model.dl4j.Dl4jTestSupport.N;
import static dev.hiss.model.dl4j.Dl4jTestSupport.gaussian;
import static dev.hiss.model.dl4j.Dl4jTestSupport.kernelParams;
import static dev.hiss.model.dl4j.Dl4jTestSupport.relError;
import static dev.hiss.model.dl4j.Dl4jTestSupport.shape;
import static dev.hiss.model.dl4j.Dl4jTestSupport.swapTimeAndChannels;
import static dev.hiss.model.dl4j.Dl4jTestSupport.twoLayerNet;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.ssm.S4DConfig;
import dev.hiss.model.ssm.S4DConfig.Init;
import dev.hiss.model.ssm.S4DLayer;
import dev.hiss.model.ssm.S4DParams;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** Parameter initialization and layer output against the float kernel {@link S4DLayer}. */
class S4DLayerForwardTest {

  @ParameterizedTest
  @EnumSource(Init.class)
  void parametersAreInitializedExactlyAsS4DParams(Init init) {
    MultiLayerNetwork net =
        new MultiLayerNetwork(
            new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE)
                .list()
                .layer(
                    new S4DLayerConf.Builder().channels(5).stateSize(6).init(init).seed(99).build())
                .layer(
                    new RnnOutputLayer.Builder(LossFunction.MSE)
                        .nIn(5)
                        .nOut(1)
                        .activation(Activation.IDENTITY)
                        .build())
                .build());
    net.init();
    S4DParams expected =
        S4DParams.initialize(
            new S4DConfig(5, 6, 1e-3, 1e-1, init, S4DConfig.Discretization.ZOH), 99);
    S4DParams actual = kernelParams(net, 0);
    expected.arrays().forEach((k, v) -> assertArrayEquals(v, actual.arrays().get(k), 0f, k));
    // the views are live: changing the flat vector changes the parameter table
    INDArray flat = net.params();
    flat.putScalar(0, 0.25);
    assertEquals(0.25, net.getParam("0_logDt").getDouble(0), 0.0);
    assertEquals(5 * (2 + 6 * 6), net.getLayer(0).numParams());
  }

  @ParameterizedTest
  @EnumSource(RNNFormat.class)
  void floatOutputEqualsKernelForward(RNNFormat format) {
    MultiLayerNetwork net = twoLayerNet(DataType.FLOAT, format, new NoOp());
    int b = 3;
    int t = 50;
    INDArray in = gaussian(DataType.FLOAT, 8, shape(format, b, H, t));
    List<INDArray> acts = net.feedForward(in, false);

    INDArray kernelIn = format == RNNFormat.NCW ? swapTimeAndChannels(in) : in.dup('c');
    float[] y0 = new float[b * t * H];
    new S4DLayer(kernelParams(net, 0)).forward(kernelIn.data().asFloat(), b, t, y0);
    float[] y1 = new float[b * t * H];
    new S4DLayer(kernelParams(net, 1)).forward(y0, b, t, y1);
    for (int i = 0; i < y1.length; i++) {
      y1[i] = (float) Math.tanh(y1[i]);
    }
    INDArray e0 = Nd4j.createFromArray(y0).reshape(b, t, H);
    INDArray e1 = Nd4j.createFromArray(y1).reshape(b, t, H);
    if (format == RNNFormat.NCW) {
      e0 = swapTimeAndChannels(e0);
      e1 = swapTimeAndChannels(e1);
    }
    assertEquals(0.0, relError(e0, acts.get(1)), 1e-6, "layer 0 output");
    assertEquals(0.0, relError(e1, acts.get(2)), 1e-6, "layer 1 output");
  }

  @Test
  void doubleOutputAgreesWithFloatOutput() {
    MultiLayerNetwork dbl = twoLayerNet(DataType.DOUBLE, RNNFormat.NCW, new NoOp());
    MultiLayerNetwork flt = twoLayerNet(DataType.FLOAT, RNNFormat.NCW, new NoOp());
    flt.setParams(dbl.params().castTo(DataType.FLOAT));
    INDArray in = gaussian(DataType.DOUBLE, 9, 2, H, 300);
    double err = relError(dbl.output(in), flt.output(in.castTo(DataType.FLOAT)));
    assertTrue(err < 1e-5, "double vs float output error " + err);
  }

  @Test
  void maskZeroesPaddedStepsAndLeavesTheRestUnchanged() {
    MultiLayerNetwork net = twoLayerNet(DataType.DOUBLE, RNNFormat.NCW, new NoOp());
    int t = 12;
    INDArray in = gaussian(DataType.DOUBLE, 10, 2, H, t);
    INDArray mask = Nd4j.ones(DataType.DOUBLE, 2, t);
    for (int s = 8; s < t; s++) {
      mask.putScalar(1, s, 0.0);
    }
    INDArray plain = net.feedForward(in, false).get(2);
    INDArray masked = net.feedForward(in, mask, null).get(2);
    for (int c = 0; c < H; c++) {
      for (int s = 0; s < t; s++) {
        assertEquals(plain.getDouble(0, c, s), masked.getDouble(0, c, s), 1e-12);
        double expected = s < 8 ? plain.getDouble(1, c, s) : 0.0;
        assertEquals(expected, masked.getDouble(1, c, s), 1e-12);
      }
    }
    assertTrue(
        plain.get(NDArrayIndex.point(1)).amaxNumber().doubleValue() > 0,
        "outputs are not trivially zero");
    assertEquals(N, ((S4DLayerConf) net.getLayer(0).conf().getLayer()).getStateSize());
  }
}
