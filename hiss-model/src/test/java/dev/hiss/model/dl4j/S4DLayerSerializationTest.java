package dev.hiss.model.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.ssm.S4DConfig.Discretization;
import dev.hiss.model.ssm.S4DConfig.Init;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** JSON round trip of the configuration and ModelSerializer save/restore of a network. */
class S4DLayerSerializationTest {

  @Test
  void multiLayerConfigurationJsonRoundTrip() {
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(3)
            .updater(new Adam(1e-3))
            .l2(1e-4)
            .list()
            .layer(
                new S4DLayerConf.Builder()
                    .channels(4)
                    .stateSize(8)
                    .dt(2e-3, 5e-2)
                    .init(Init.LEGS)
                    .discretization(Discretization.BILINEAR)
                    .seed(1234)
                    .activation(Activation.GELU)
                    .dataFormat(RNNFormat.NWC)
                    .name("s4d")
                    .build())
            .layer(new S4DLayerConf.Builder().channels(4).stateSize(2).build())
            .layer(
                new RnnOutputLayer.Builder(LossFunction.MSE)
                    .nIn(4)
                    .nOut(1)
                    .activation(Activation.IDENTITY)
                    .dataFormat(RNNFormat.NWC)
                    .build())
            .build();
    String json = conf.toJson();
    assertTrue(json.contains(S4DLayerConf.class.getName()), "class name in JSON");
    MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
    assertEquals(conf, back);
    assertEquals(json, back.toJson());

    S4DLayerConf l0 = (S4DLayerConf) back.getConf(0).getLayer();
    assertEquals(4, l0.getNIn());
    assertEquals(4, l0.getNOut());
    assertEquals(8, l0.getStateSize());
    assertEquals(2e-3, l0.getDtMin());
    assertEquals(5e-2, l0.getDtMax());
    assertEquals(Init.LEGS, l0.getInit());
    assertEquals(Discretization.BILINEAR, l0.getDiscretization());
    assertEquals(1234L, l0.getSeed());
    assertEquals(RNNFormat.NWC, l0.getRnnDataFormat());
    assertEquals("s4d", l0.getLayerName());
    assertEquals(Activation.GELU.getActivationFunction(), l0.getActivationFn());
    S4DLayerConf l1 = (S4DLayerConf) back.getConf(1).getLayer();
    assertNull(l1.getSeed());
    assertTrue(l1.getActivationFn() instanceof ActivationIdentity, "identity by default");
    assertNotEquals(l0, l1);
    // B, C, D are regularized; Δ and A are not
    assertEquals(1, l0.getRegularizationByParam("cRe").size());
    assertTrue(l0.getRegularizationByParam("aReal").isEmpty());
  }

  @Test
  void stackedLayersWithoutExplicitSeedGetDifferentInitialValues() {
    MultiLayerNetwork net =
        new MultiLayerNetwork(
            new NeuralNetConfiguration.Builder()
                .seed(5)
                .list()
                .layer(new S4DLayerConf.Builder().channels(2).stateSize(3).build())
                .layer(new S4DLayerConf.Builder().channels(2).stateSize(3).build())
                .layer(
                    new RnnOutputLayer.Builder(LossFunction.MSE)
                        .nIn(2)
                        .nOut(1)
                        .activation(Activation.IDENTITY)
                        .build())
                .build());
    net.init();
    assertNotEquals(net.getParam("0_cRe"), net.getParam("1_cRe"));
  }
}
