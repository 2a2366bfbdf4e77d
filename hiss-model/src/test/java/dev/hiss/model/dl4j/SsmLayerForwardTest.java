package dev.hiss.model.dl4j;

import static dev.hiss.model.dl4j.Dl4jTestSupport.H;
import static dev.hiss.model.dl4j.Dl4jTestSupport.floatParams;
import static dev.hiss.model.dl4j.Dl4jTestSupport.gaussian;
import static dev.hiss.model.dl4j.Dl4jTestSupport.relError;
import static dev.hiss.model.dl4j.Dl4jTestSupport.shape;
import static dev.hiss.model.dl4j.Dl4jTestSupport.swapTimeAndChannels;
import static dev.hiss.model.dl4j.Dl4jTestSupport.twoLayerNet;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Parameter layout and initialization of the S4D, S4, S5 and Mamba DL4J layers, and their output
 * against the float kernels of {@code dev.hiss.model.ssm} run directly (the reference twin).
 */
class SsmLayerForwardTest {

  /** Runs the float kernel of {@code conf} with the given parameter values over [b, t, H]. */
  static float[] kernelForward(SsmLayerConf conf, Map<String, float[]> values, float[] u, int b) {
    int t = u.length / (b * H);
    float[] y = new float[u.length];
    if (conf instanceof S4DLayerConf c) {
      S4DParams p = S4DParams.zeros(c.toS4DConfig());
      copy(values, p.arrays());
      new S4DLayer(p).forward(u, b, t, y);
    } else if (conf instanceof S4LayerConf c) {
      S4Params p = S4Params.zeros(c.toS4Config());
      copy(values, p.arrays());
      new S4Layer(p).forward(u, b, t, y);
    } else if (conf instanceof S5LayerConf c) {
      S5Params p = S5Params.zeros(c.toS5Config());
      copy(values, p.arrays());
      new S5Layer(p).forward(u, b, t, y);
    } else {
      MambaParams p = MambaParams.zeros(((MambaLayerConf) conf).toMambaConfig());
      copy(values, p.arrays());
      new MambaLayer(p).forward(u, b, t, y);
    }
    return y;
  }

  private static void copy(Map<String, float[]> src, Map<String, float[]> dst) {
    assertEquals(List.copyOf(dst.keySet()), List.copyOf(src.keySet()), "parameter order");
    dst.forEach((k, v) -> System.arraycopy(src.get(k), 0, v, 0, v.length));
  }

  /** The kernel's own initialization for the layer's configuration and seed. */
  private static Map<String, float[]> kernelInit(SsmLayerConf conf, long seed) {
    if (conf instanceof S4DLayerConf c) {
      return S4DParams.initialize(c.toS4DConfig(), seed).arrays();
    } else if (conf instanceof S4LayerConf c) {
      return S4Params.initialize(c.toS4Config(), seed).arrays();
    } else if (conf instanceof S5LayerConf c) {
      return S5Params.initialize(c.toS5Config(), seed).arrays();
    }
    return MambaParams.initialize(((MambaLayerConf) conf).toMambaConfig(), seed).arrays();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void parametersAreInitializedAndLaidOutAsTheKernelParams(Kind kind) {
    SsmLayerConf layer = kind.layer(0, RNNFormat.NCW, Activation.IDENTITY);
    MultiLayerNetwork net =
        new MultiLayerNetwork(
            new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE)
                .list()
                .layer(layer)
                .layer(
                    new RnnOutputLayer.Builder(LossFunction.MSE)
                        .nIn(H)
                        .nOut(1)
                        .activation(Activation.IDENTITY)
                        .build())
                .build());
    net.init();
    SsmLayerConf conf = (SsmLayerConf) net.getLayer(0).conf().getLayer();
    Map<String, float[]> expected = kernelInit(conf, 11);
    Map<String, float[]> actual = floatParams(net, 0);
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()));
    long total = 0;
    for (Map.Entry<String, long[]> e : conf.paramShapes().entrySet()) {
      String k = e.getKey();
      assertArrayEquals(expected.get(k), actual.get(k), 0f, k);
      INDArray view = net.getParam("0_" + k);
      long[] shape = e.getValue();
      assertArrayEquals(shape.length == 1 ? new long[] {shape[0]} : shape, view.shape(), k);
      total += view.length();
    }
    assertEquals(total, net.getLayer(0).numParams());
    // the documented layouts (H = 3; S4D, S4 N = 4; S5 M = 3; Mamba I = 6, N = 4, K = 3, R = 1)
    Map<String, long[]> documented =
        switch (kind) {
          case S4D -> Map.of("logDt", new long[] {H}, "cIm", new long[] {H, 4});
          case S4 -> Map.of("logDt", new long[] {H}, "pIm", new long[] {H, 4});
          case S5 -> Map.of("lambdaRe", new long[] {3}, "d", new long[] {H});
          case MAMBA ->
              Map.of(
                  "inProj", new long[] {12, H},
                  "xProj", new long[] {9, 6},
                  "convWeight", new long[] {6, 3},
                  "outProj", new long[] {H, 6});
        };
    documented.forEach((k, v) -> assertArrayEquals(v, net.getParam("0_" + k).shape(), k));
    // the views are live: changing the flat vector changes the parameter table
    net.params().putScalar(0, 0.25);
    String first = conf.paramShapes().keySet().iterator().next();
    assertEquals(0.25, net.getParam("0_" + first).getDouble(0), 0.0);
  }

  static Stream<Arguments> kindsAndFormats() {
    return Stream.of(Kind.values())
        .flatMap(k -> Stream.of(RNNFormat.values()).map(f -> Arguments.of(k, f)));
  }

  @ParameterizedTest
  @MethodSource("kindsAndFormats")
  void floatOutputEqualsKernelForward(Kind kind, RNNFormat format) {
    MultiLayerNetwork net = twoLayerNet(kind, DataType.FLOAT, format, new NoOp());
    int b = 3;
    int t = 30;
    INDArray in = gaussian(DataType.FLOAT, 8, shape(format, b, H, t));
    List<INDArray> acts = net.feedForward(in, false);
    INDArray kernelIn = format == RNNFormat.NCW ? swapTimeAndChannels(in) : in.dup('c');
    SsmLayerConf c0 = (SsmLayerConf) net.getLayer(0).conf().getLayer();
    SsmLayerConf c1 = (SsmLayerConf) net.getLayer(1).conf().getLayer();
    float[] y0 = kernelForward(c0, floatParams(net, 0), kernelIn.data().asFloat(), b);
    float[] y1 = kernelForward(c1, floatParams(net, 1), y0, b);
    for (int i = 0; i < y1.length; i++) {
      y1[i] = (float) Math.tanh(y1[i]);
    }
    INDArray e0 = Nd4j.createFromArray(y0).reshape(b, t, H);
    INDArray e1 = Nd4j.createFromArray(y1).reshape(b, t, H);
    if (format == RNNFormat.NCW) {
      e0 = swapTimeAndChannels(e0);
      e1 = swapTimeAndChannels(e1);
    }
    assertEquals(0.0, relError(e0, acts.get(1)), 1e-6, kind + " layer 0 output");
    assertEquals(0.0, relError(e1, acts.get(2)), 1e-6, kind + " layer 1 output");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void doubleOutputAgreesWithFloatOutputAndMasksZeroPaddedSteps(Kind kind) {
    MultiLayerNetwork dbl = twoLayerNet(kind, DataType.DOUBLE, RNNFormat.NCW, new NoOp());
    MultiLayerNetwork flt = twoLayerNet(kind, DataType.FLOAT, RNNFormat.NCW, new NoOp());
    flt.setParams(dbl.params().castTo(DataType.FLOAT));
    int t = 120;
    INDArray in = gaussian(DataType.DOUBLE, 9, 2, H, t);
    double err = relError(dbl.output(in), flt.output(in.castTo(DataType.FLOAT)));
    assertTrue(err < 1e-5, kind + ": double vs float output error " + err);

    INDArray mask = Nd4j.ones(DataType.DOUBLE, 2, t);
    for (int s = 100; s < t; s++) {
      mask.putScalar(1, s, 0.0);
    }
    INDArray plain = dbl.feedForward(in, false).get(2);
    INDArray masked = dbl.feedForward(in, mask, null).get(2);
    for (int c = 0; c < H; c++) {
      for (int s = 0; s < t; s++) {
        assertEquals(plain.getDouble(0, c, s), masked.getDouble(0, c, s), 1e-12);
        assertEquals(s < 100 ? plain.getDouble(1, c, s) : 0.0, masked.getDouble(1, c, s), 1e-12);
      }
    }
  }

  @Test
  void invalidSettingsAreRejectedWithTheFieldAndValue() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new S5LayerConf.Builder().channels(2).stateSize(6).blocks(2).build());
    assertTrue(e.getMessage().contains("blocks = 2"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new S5LayerConf.Builder().channels(2).stateSize(4).ptdEpsilon(-1).build());
    assertTrue(e.getMessage().contains("ptdEpsilon = -1.0"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new MambaLayerConf.Builder().channels(2).dConv(1).build());
    assertTrue(e.getMessage().contains("dConv = 1"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new S4LayerConf.Builder().channels(2).dt(0.1, 0.01).build());
    assertTrue(e.getMessage().contains("dtMax = 0.01"), e.getMessage());
    IllegalStateException s =
        assertThrows(
            IllegalStateException.class, () -> new MambaLayerConf.Builder().nIn(3).nOut(4).build());
    assertTrue(s.getMessage().contains("nIn = 3, nOut = 4"), s.getMessage());
  }
}
