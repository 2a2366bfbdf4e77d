package dev.hiss.model.dl4j;

import static dev.hiss.model.dl4j.Dl4jTestSupport.floatParams;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hiss.model.ssm.S4DConfig;
import dev.hiss.model.ssm.S4DConfig.Init;
import dev.hiss.model.ssm.S4DParams;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * S4D parameter initialization for every {@link Init} (output, gradients, streaming and
 * serialization of the S4D layer are covered with the other kinds by the {@code SsmLayer*Test}s).
 */
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
    Map<String, float[]> actual = floatParams(net, 0);
    expected.arrays().forEach((k, v) -> assertArrayEquals(v, actual.get(k), 0f, k));
    // the views are live: changing the flat vector changes the parameter table
    INDArray flat = net.params();
    flat.putScalar(0, 0.25);
    assertEquals(0.25, net.getParam("0_logDt").getDouble(0), 0.0);
    assertEquals(5 * (2 + 6 * 6), net.getLayer(0).numParams());
  }
}
