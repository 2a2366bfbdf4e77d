package dev.hiss.model.dl4j;

import static dev.hiss.model.dl4j.Dl4jTestSupport.H;
import static dev.hiss.model.dl4j.Dl4jTestSupport.gaussian;
import static dev.hiss.model.dl4j.Dl4jTestSupport.relError;
import static dev.hiss.model.dl4j.Dl4jTestSupport.shape;
import static dev.hiss.model.dl4j.Dl4jTestSupport.twoLayerNet;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.dl4j.Dl4jTestSupport.Kind;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Gradients of DL4J networks [X → X(tanh) → RnnOutputLayer(MSE)] for X = S4D, S4 (DPLR), S5, Mamba.
 * In a DOUBLE network the layers run the kernels' double-precision twins, so DL4J's {@link
 * GradientCheckUtil} checks the analytic gradients of every parameter against central differences
 * (the second layer's input gradient feeds the first layer's parameter gradients); the network
 * input gradient is checked separately, and the float32 path is compared with the double path.
 */
class SsmLayerGradientTest {

  private static final int B = 2;
  private static final int T = 6;

  private static DataType defaultType;
  private static DataType defaultFloatingType;

  /** GradientCheckUtil insists on double as the ND4J default type. */
  @BeforeAll
  static void useDoubleDefaults() {
    defaultType = Nd4j.dataType();
    defaultFloatingType = Nd4j.defaultFloatingPointType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
  }

  @AfterAll
  static void restoreDefaults() {
    Nd4j.setDefaultDataTypes(defaultType, defaultFloatingType);
  }

  static Stream<Arguments> kindsAndFormats() {
    return Stream.of(Kind.values())
        .flatMap(k -> Stream.of(RNNFormat.values()).map(f -> Arguments.of(k, f)));
  }

  /**
   * ε = 1e-5 rather than 1e-6: in these small Mamba networks some parameter gradients are ~1e-8
   * while the central-difference round-off floor at ε = 1e-6 is ~2e-9 (measured on the output
   * layer's bias); at 1e-5 it is ~2e-10 and the truncation error stays far below it.
   */
  @ParameterizedTest
  @MethodSource("kindsAndFormats")
  void gradientCheckUtilPassesForAllParameters(Kind kind, RNNFormat format) {
    MultiLayerNetwork net = twoLayerNet(kind, DataType.DOUBLE, format, new NoOp());
    INDArray in = gaussian(DataType.DOUBLE, 1, shape(format, B, H, T));
    INDArray labels = gaussian(DataType.DOUBLE, 2, shape(format, B, 2, T));
    boolean ok =
        GradientCheckUtil.checkGradients(
            new GradientCheckUtil.MLNConfig()
                .net(net)
                .input(in)
                .labels(labels)
                .epsilon(1e-5)
                .maxRelError(1e-5)
                .minAbsoluteError(1e-9)
                .exitOnFirstError(true)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
    assertTrue(ok, "GradientCheckUtil failed for " + kind + " " + format);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void inputGradientMatchesCentralDifferences(Kind kind) {
    RNNFormat format = RNNFormat.NCW;
    MultiLayerNetwork net = twoLayerNet(kind, DataType.DOUBLE, format, new NoOp());
    INDArray in = gaussian(DataType.DOUBLE, 3, shape(format, B, H, T));
    INDArray labels = gaussian(DataType.DOUBLE, 4, shape(format, B, 2, T));
    // backprop yields the gradient of the minibatch SUM; score() is the minibatch mean
    INDArray analytic = net.calculateGradients(in, labels, null, null).getSecond().dup();
    double eps = 1e-6;
    double scale = analytic.amaxNumber().doubleValue();
    assertTrue(scale > 0, "input gradient is identically zero");
    for (long i = 0; i < in.length(); i++) {
      double keep = in.getDouble(i);
      in.putScalar(i, keep + eps);
      double lp = net.score(new DataSet(in, labels));
      in.putScalar(i, keep - eps);
      double lm = net.score(new DataSet(in, labels));
      in.putScalar(i, keep);
      double fd = B * (lp - lm) / (2 * eps);
      double err = Math.abs(fd - analytic.getDouble(i)) / scale;
      assertTrue(err < 1e-6, kind + " input[" + i + "]: " + analytic.getDouble(i) + " vs " + fd);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void floatPathGradientsMatchDoublePath(Kind kind) {
    RNNFormat format = RNNFormat.NWC;
    MultiLayerNetwork dbl = twoLayerNet(kind, DataType.DOUBLE, format, new NoOp());
    MultiLayerNetwork flt = twoLayerNet(kind, DataType.FLOAT, format, new NoOp());
    flt.setParams(dbl.params().castTo(DataType.FLOAT));
    INDArray in = gaussian(DataType.DOUBLE, 5, shape(format, 3, H, 40));
    INDArray labels = gaussian(DataType.DOUBLE, 6, shape(format, 3, 2, 40));
    Pair<Gradient, INDArray> gd = dbl.calculateGradients(in, labels, null, null);
    Pair<Gradient, INDArray> gf =
        flt.calculateGradients(
            in.castTo(DataType.FLOAT), labels.castTo(DataType.FLOAT), null, null);
    for (Map.Entry<String, INDArray> e : gd.getFirst().gradientForVariable().entrySet()) {
      INDArray f = gf.getFirst().gradientForVariable().get(e.getKey());
      double err = relError(e.getValue(), f);
      assertTrue(err < 1e-3, kind + " " + e.getKey() + ": float vs double gradient error " + err);
    }
    double err = relError(gd.getSecond(), gf.getSecond());
    assertTrue(err < 1e-3, kind + " input gradient: float vs double error " + err);
  }
}
