package dev.hiss.spark.dl4j.internal;

import dev.hiss.spark.dl4j.Dl4jTrainConfig;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** The network of {@link dev.hiss.spark.dl4j.Dl4jSparkTrainJob}, built from the config. */
public final class SsmNetworks {
  private SsmNetworks() {}

  /**
   * [Dense(D_in → H, identity) → SSM layers (H → H, tanh) → RnnOutputLayer(H → 1, identity, MSE)],
   * float32, Adam(lr); layer i's SSM parameters are initialized with seed {@code seed + i}.
   *
   * @param c the configuration
   * @param inputs D_in
   * @return the configuration; input [batch, D_in, time], output [batch, 1, time]
   */
  public static MultiLayerConfiguration build(Dl4jTrainConfig c, int inputs) {
    NeuralNetConfiguration.ListBuilder b =
        new NeuralNetConfiguration.Builder()
            .seed(c.seed())
            .dataType(DataType.FLOAT)
            .updater(new Adam(c.lr()))
            .list()
            .layer(
                new DenseLayer.Builder().nOut(c.width()).activation(Activation.IDENTITY).build());
    for (int i = 0; i < c.layers().size(); i++) {
      b.layer(c.layers().get(i).layer(c.width(), c.stateSize(), Activation.TANH, c.seed() + 1 + i));
    }
    return b.layer(
            new RnnOutputLayer.Builder(LossFunction.MSE)
                .nOut(1)
                .activation(Activation.IDENTITY)
                .build())
        .setInputType(InputType.recurrent(inputs))
        .build();
  }
}
