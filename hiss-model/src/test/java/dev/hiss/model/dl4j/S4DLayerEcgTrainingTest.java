package dev.hiss.model.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Trains [Dense(1 → 8) → S4D(8, N = 16, tanh) → RnnOutputLayer(8 → 1, MSE)] with Adam to predict
 * the next sample of a real ECG (MIT-BIH record 208, first 4,000 samples at 360 Hz, z-scored), as 8
 * series of 500 samples, and checks that the loss falls well below its initial value.
 */
class S4DLayerEcgTrainingTest {

  private static final String ECG = "/dev/hiss/model/dl4j/ecg_mitbih208_first4000.csv";
  private static final int SERIES = 8;
  private static final int LENGTH = 500;
  private static final int ITERATIONS = 80;

  @Test
  void adamTrainingOnEcgReducesTheLoss() throws IOException {
    double[] ecg = zScore(readEcg());
    assertEquals(SERIES * LENGTH, ecg.length);
    INDArray features = Nd4j.create(DataType.FLOAT, SERIES, 1, LENGTH - 1);
    INDArray labels = Nd4j.create(DataType.FLOAT, SERIES, 1, LENGTH - 1);
    for (int s = 0; s < SERIES; s++) {
      for (int t = 0; t < LENGTH - 1; t++) {
        features.putScalar(new long[] {s, 0, t}, ecg[s * LENGTH + t]);
        labels.putScalar(new long[] {s, 0, t}, ecg[s * LENGTH + t + 1]);
      }
    }
    DataSet data = new DataSet(features, labels);

    MultiLayerNetwork net =
        new MultiLayerNetwork(
            new NeuralNetConfiguration.Builder()
                .seed(2024)
                .dataType(DataType.FLOAT)
                .updater(new Adam(1e-2))
                .list()
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.IDENTITY).build())
                .layer(
                    new S4DLayerConf.Builder()
                        .channels(8)
                        .stateSize(16)
                        .seed(17)
                        .activation(Activation.TANH)
                        .build())
                .layer(
                    new RnnOutputLayer.Builder(LossFunction.MSE)
                        .nOut(1)
                        .activation(Activation.IDENTITY)
                        .build())
                .setInputType(InputType.recurrent(1))
                .build());
    net.init();

    long start = System.nanoTime();
    double initial = net.score(data);
    List<Double> losses = new ArrayList<>();
    for (int i = 0; i < ITERATIONS; i++) {
      net.fit(data);
      losses.add(net.score());
    }
    double fin = net.score(data);
    System.out.printf("ECG training: %.2f s%n", (System.nanoTime() - start) / 1e9);
    // DL4J's MSE score sums over time steps and averages over series: per-sample MSE = score / T
    int steps = LENGTH - 1;
    double persistence = labels.squaredDistance(features) / labels.length();
    System.out.printf(
        "ECG next-sample MSE per sample (z-scored signal): initial %.4f, after %d Adam steps %.4f"
            + " (%.1f %% of initial); persistence baseline (y = x) %.4f; every 10 steps %s%n",
        initial / steps,
        ITERATIONS,
        fin / steps,
        100 * fin / initial,
        persistence,
        every(losses, 10, steps));

    assertTrue(Double.isFinite(fin), "final loss is finite");
    assertTrue(fin < 0.5 * initial, "final loss " + fin + " not below 50 % of " + initial);
    assertTrue(
        fin / steps < 0.25, "per-sample MSE " + fin / steps + " explains < 75 % of variance");
    assertTrue(
        losses.get(ITERATIONS - 1) < losses.get(ITERATIONS / 2), "loss still falling late on");
  }

  private static List<String> every(List<Double> xs, int k, int steps) {
    List<String> out = new ArrayList<>();
    for (int i = k - 1; i < xs.size(); i += k) {
      out.add(String.format("%.4f", xs.get(i) / steps));
    }
    return out;
  }

  private static double[] readEcg() throws IOException {
    try (InputStream in = S4DLayerEcgTrainingTest.class.getResourceAsStream(ECG)) {
      assertNotNull(in, ECG);
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      assertEquals("t_s,ecg_mV", r.readLine());
      return r.lines().mapToDouble(l -> Double.parseDouble(l.split(",")[1])).toArray();
    }
  }

  private static double[] zScore(double[] x) {
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= x.length;
    double var = 0;
    for (double v : x) {
      var += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(var / x.length);
    double[] z = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      z[i] = (x[i] - mean) / sd;
    }
    return z;
  }
}
