package dev.hiss.model.dl4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.dl4j.Dl4jTestSupport.Kind;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Each layer kind learns a task that needs memory, inside a plain MultiLayerNetwork with Adam: the
 * target is the mean of the previous {@value #WINDOW} samples of input channel 0 (white noise), so
 * a memoryless model cannot beat predicting zero (MSE ≈ 1/{@value #WINDOW}). After 150 Adam steps
 * the held-out MSE must be below half of that (measured: S4D ≈ 0.08, S4 ≈ 0.04, S5 ≈ 0.02, Mamba ≈
 * 0.29 of it).
 */
class SsmLayerTrainingTest {

  static final int WINDOW = 8;
  static final int C = 2;
  private static final int SERIES = 16;
  private static final int LENGTH = 64;
  private static final int ITERATIONS = 150;

  /** Input [SERIES, C, LENGTH] white noise; label [SERIES, 1, LENGTH] = past-window mean. */
  static DataSet movingAverageTask(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    INDArray x = Nd4j.create(DataType.FLOAT, SERIES, C, LENGTH);
    INDArray y = Nd4j.create(DataType.FLOAT, SERIES, 1, LENGTH);
    for (int s = 0; s < SERIES; s++) {
      double[] x0 = new double[LENGTH];
      for (int t = 0; t < LENGTH; t++) {
        x0[t] = r.nextGaussian();
        x.putScalar(new long[] {s, 0, t}, x0[t]);
        x.putScalar(new long[] {s, 1, t}, r.nextGaussian());
        double sum = 0;
        for (int k = 1; k <= WINDOW && t - k >= 0; k++) {
          sum += x0[t - k];
        }
        y.putScalar(new long[] {s, 0, t}, sum / WINDOW);
      }
    }
    return new DataSet(x, y);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void adamLearnsAMovingAverageOfThePast(Kind kind) {
    MultiLayerNetwork net =
        new MultiLayerNetwork(
            new NeuralNetConfiguration.Builder()
                .seed(2024)
                .dataType(DataType.FLOAT)
                .updater(new Adam(kind == Kind.MAMBA ? 2e-2 : 1e-2))
                .list()
                .layer(layer(kind))
                .layer(
                    new RnnOutputLayer.Builder(LossFunction.MSE)
                        .nIn(C)
                        .nOut(1)
                        .activation(Activation.IDENTITY)
                        .build())
                .build());
    net.init();
    DataSet train = movingAverageTask(1);
    DataSet test = movingAverageTask(2);
    double before = mse(net, test);
    for (int i = 0; i < ITERATIONS; i++) {
      net.fit(train);
    }
    double after = mse(net, test);
    double zeroPredictor = test.getLabels().norm2Number().doubleValue();
    zeroPredictor *= zeroPredictor / test.getLabels().length();
    assertTrue(
        after < 0.5 * zeroPredictor,
        kind + ": held-out MSE " + after + " (before " + before + ", zero " + zeroPredictor + ")");
  }

  /** Mean squared error per output value. */
  static double mse(org.deeplearning4j.nn.api.NeuralNetwork net, DataSet data) {
    INDArray out =
        net instanceof MultiLayerNetwork m
            ? m.output(data.getFeatures())
            : ((org.deeplearning4j.nn.graph.ComputationGraph) net).outputSingle(data.getFeatures());
    INDArray diff = out.sub(data.getLabels());
    return diff.mul(diff).meanNumber().doubleValue();
  }

  /** One layer of the kind with C channels, sized for the task; Δ ∈ [1e-2, 2e-1] for all. */
  static SsmLayerConf layer(Kind kind) {
    SsmLayerConf.Builder<?> b =
        switch (kind) {
          case S4D -> new S4DLayerConf.Builder().stateSize(8);
          case S4 -> new S4LayerConf.Builder().stateSize(8);
          case S5 -> new S5LayerConf.Builder().stateSize(16);
          case MAMBA -> new MambaLayerConf.Builder().stateSize(8).expand(4);
        };
    return b.channels(C).dt(1e-2, 2e-1).build();
  }
}
