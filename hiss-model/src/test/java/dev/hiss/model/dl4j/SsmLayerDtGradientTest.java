package dev.hiss.model.dl4j;

import static dev.hiss.model.dl4j.Dl4jTestSupport.H;
import static dev.hiss.model.dl4j.Dl4jTestSupport.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.dl4j.Dl4jTestSupport.Kind;
import java.util.stream.Stream;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gradients of [X(Δt + reset channels) → RnnOutputLayer(MSE)] for X = S4D, S4, S5, Mamba in double
 * with irregular Δt (log-uniform in [0.2, 5]) and resets: DL4J's {@link GradientCheckUtil} on every
 * parameter, and the input gradient against central differences on the data channels (zero on the
 * Δt and reset channels, as documented).
 */
class SsmLayerDtGradientTest {

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

  static Stream<Arguments> kindsAndVariants() {
    return Stream.of(Kind.values()).flatMap(k -> Stream.of(0, 1).map(v -> Arguments.of(k, v)));
  }

  @ParameterizedTest
  @MethodSource("kindsAndVariants")
  void gradientCheckUtilPassesWithIrregularDtAndResets(Kind kind, int variant) {
    MultiLayerNetwork net =
        SsmLayerDtChannelTest.net(kind, variant, DataType.DOUBLE, Activation.TANH);
    INDArray in = SsmLayerDtChannelTest.input(DataType.DOUBLE, 1 + variant, T);
    INDArray labels = gaussian(DataType.DOUBLE, 2, B, 2, T);
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
    assertTrue(ok, "GradientCheckUtil failed for " + kind + " variant " + variant);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void inputGradientIsExactOnDataChannelsAndZeroOnSideChannels(Kind kind) {
    MultiLayerNetwork net = SsmLayerDtChannelTest.net(kind, 0, DataType.DOUBLE, Activation.TANH);
    INDArray in = SsmLayerDtChannelTest.input(DataType.DOUBLE, 3, T);
    INDArray labels = gaussian(DataType.DOUBLE, 4, B, 2, T);
    // backprop yields the gradient of the minibatch SUM; score() is the minibatch mean
    INDArray analytic = net.calculateGradients(in, labels, null, null).getSecond().dup();
    double scale = analytic.amaxNumber().doubleValue();
    assertTrue(scale > 0, "input gradient is identically zero");
    double eps = 1e-6;
    for (int b = 0; b < B; b++) {
      for (int c = 0; c < H + 2; c++) {
        for (int s = 0; s < T; s++) {
          double g = analytic.getDouble(b, c, s);
          if (c >= H) {
            assertEquals(0.0, g, 0.0, kind + " side channel " + c + " gradient");
            continue;
          }
          double keep = in.getDouble(b, c, s);
          in.putScalar(new long[] {b, c, s}, keep + eps);
          double lp = net.score(new DataSet(in, labels));
          in.putScalar(new long[] {b, c, s}, keep - eps);
          double lm = net.score(new DataSet(in, labels));
          in.putScalar(new long[] {b, c, s}, keep);
          double fd = B * (lp - lm) / (2 * eps);
          assertTrue(
              Math.abs(fd - g) / scale < 1e-6,
              kind + " input[" + b + "," + c + "," + s + "]: " + g + " vs " + fd);
        }
      }
    }
  }
}
