package dev.hiss.model.dl4j;

import static dev.hiss.model.dl4j.Dl4jTestSupport.H;
import static dev.hiss.model.dl4j.Dl4jTestSupport.gaussian;
import static dev.hiss.model.dl4j.Dl4jTestSupport.relError;
import static dev.hiss.model.dl4j.Dl4jTestSupport.shape;
import static dev.hiss.model.dl4j.Dl4jTestSupport.twoLayerNet;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Gradients of a DL4J network [S4D → S4D(tanh) → RnnOutputLayer(MSE)]. In a DOUBLE network the
 * layer runs the double-precision reference kernel, so DL4J's {@link GradientCheckUtil} checks the
 * analytic gradients of every parameter (the second S4D layer's input gradient feeds the first
 * layer's parameter gradients) against central differences; the network input gradient is checked
 * separately. The float32 path is compared with the double path.
 */
class S4DLayerGradientTest {

  private static final int B = 2;
  private static final int T = 7;

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

  @ParameterizedTest
  @EnumSource(RNNFormat.class)
  void gradientCheckUtilPassesForAllParameters(RNNFormat format) {
    MultiLayerNetwork net = twoLayerNet(DataType.DOUBLE, format, new NoOp());
    INDArray in = gaussian(DataType.DOUBLE, 1, shape(format, B, H, T));
    INDArray labels = gaussian(DataType.DOUBLE, 2, shape(format, B, 2, T));
    boolean ok =
        GradientCheckUtil.checkGradients(
            new GradientCheckUtil.MLNConfig()
                .net(net)
                .input(in)
                .labels(labels)
                .epsilon(1e-6)
                .maxRelError(1e-5)
                .minAbsoluteError(1e-9)
                .exitOnFirstError(true)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
    assertTrue(ok, "GradientCheckUtil failed for " + format);
  }

  @Test
  void inputGradientMatchesCentralDifferences() {
    RNNFormat format = RNNFormat.NCW;
    MultiLayerNetwork net = twoLayerNet(DataType.DOUBLE, format, new NoOp());
    INDArray in = gaussian(DataType.DOUBLE, 3, shape(format, B, H, T));
    INDArray labels = gaussian(DataType.DOUBLE, 4, shape(format, B, 2, T));
    // DL4J backprop yields the gradient of the loss summed over the minibatch (the updater divides
    // by the batch size later), while score() is the minibatch mean: compare with B · dscore/dx
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
      assertTrue(
          err < 1e-6,
          "input[" + i + "]: " + analytic.getDouble(i) + " vs " + fd + " (" + err + ")");
    }
  }

  @Test
  void floatPathGradientsMatchDoublePath() {
    RNNFormat format = RNNFormat.NWC;
    MultiLayerNetwork dbl = twoLayerNet(DataType.DOUBLE, format, new NoOp());
    MultiLayerNetwork flt = twoLayerNet(DataType.FLOAT, format, new NoOp());
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
      assertTrue(err < 1e-3, e.getKey() + ": float vs double gradient error " + err);
    }
    double err = relError(gd.getSecond(), gf.getSecond());
    assertTrue(err < 1e-3, "input gradient: float vs double error " + err);
  }
}
