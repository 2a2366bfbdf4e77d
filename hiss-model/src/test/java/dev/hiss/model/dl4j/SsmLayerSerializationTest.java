package dev.hiss.model.dl4j;

import static dev.hiss.model.dl4j.Dl4jTestSupport.H;
import static dev.hiss.model.dl4j.Dl4jTestSupport.gaussian;
import static dev.hiss.model.dl4j.Dl4jTestSupport.twoLayerNet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.dl4j.Dl4jTestSupport.Kind;
import dev.hiss.model.ssm.S4DConfig.Discretization;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * JSON round trip of S4, S5 and Mamba layer configurations (S4D: {@link
 * S4DLayerSerializationTest}); ModelSerializer save/restore of networks of every kind.
 */
class SsmLayerSerializationTest {

  @Test
  void multiLayerConfigurationJsonRoundTrip() {
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(3)
            .updater(new Adam(1e-3))
            .l2(1e-4)
            .l2Bias(1e-5)
            .list()
            .layer(
                new S4LayerConf.Builder()
                    .channels(4)
                    .stateSize(5)
                    .dt(2e-3, 5e-2)
                    .seed(1234)
                    .activation(Activation.GELU)
                    .dataFormat(RNNFormat.NWC)
                    .name("s4")
                    .build())
            .layer(
                new S5LayerConf.Builder()
                    .channels(4)
                    .stateSize(12)
                    .blocks(3)
                    .discretization(Discretization.BILINEAR)
                    .conjSym(false)
                    .clipEigs(true)
                    .ptdEpsilon(0.05)
                    .dataFormat(RNNFormat.NWC)
                    .build())
            .layer(
                new MambaLayerConf.Builder()
                    .channels(4)
                    .stateSize(6)
                    .dConv(3)
                    .expand(3)
                    .dtRank(2)
                    .dtScale(0.5)
                    .dtInitFloor(2e-4)
                    .dt(1e-2, 2e-1)
                    .dataFormat(RNNFormat.NWC)
                    .build())
            .layer(
                new RnnOutputLayer.Builder(LossFunction.MSE)
                    .nIn(4)
                    .nOut(1)
                    .activation(Activation.IDENTITY)
                    .dataFormat(RNNFormat.NWC)
                    .build())
            .build();
    String json = conf.toJson();
    for (Class<?> c : new Class<?>[] {S4LayerConf.class, S5LayerConf.class, MambaLayerConf.class}) {
      assertTrue(json.contains(c.getName()), c + " in JSON");
    }
    MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
    assertEquals(conf, back);
    assertEquals(json, back.toJson());

    S4LayerConf s4 = (S4LayerConf) back.getConf(0).getLayer();
    assertEquals(conf.getConf(0).getLayer().toString(), s4.toString());
    assertEquals(5, s4.getStateSize());
    assertEquals(2e-3, s4.getDtMin());
    assertEquals(1234L, s4.getSeed());
    assertEquals("s4", s4.getLayerName());
    assertEquals(RNNFormat.NWC, s4.getRnnDataFormat());
    S5LayerConf s5 = (S5LayerConf) back.getConf(1).getLayer();
    assertEquals(3, s5.getBlocks());
    assertEquals(Discretization.BILINEAR, s5.getDiscretization());
    assertTrue(!s5.isConjSym() && s5.isClipEigs(), "conjSym / clipEigs");
    assertEquals(12, s5.toS5Config().modes());
    assertEquals(0.05, s5.toS5Config().ptdEpsilon(), "S5-PTD epsilon survives JSON");
    MambaLayerConf mamba = (MambaLayerConf) back.getConf(2).getLayer();
    assertEquals(conf.getConf(2).getLayer().toString(), mamba.toString());
    assertEquals(
        new dev.hiss.model.ssm.MambaConfig(4, 6, 3, 3, 2, 1e-2, 2e-1, 0.5, 2e-4),
        mamba.toMambaConfig());
    assertNotEquals(s4, mamba);

    // regularization: weights get l2, biases l2Bias, Δ / Λ / aLog / D of Mamba nothing
    assertEquals(1, s4.getRegularizationByParam("cRe").size());
    assertTrue(s4.getRegularizationByParam("pRe").isEmpty());
    assertTrue(s5.getRegularizationByParam("lambdaRe").isEmpty());
    assertEquals(1, s5.getRegularizationByParam("bIm").size());
    assertEquals(1, mamba.getRegularizationByParam("inProj").size());
    assertEquals(1, mamba.getRegularizationByParam("convBias").size());
    assertTrue(mamba.getRegularizationByParam("aLog").isEmpty());
    assertTrue(mamba.getRegularizationByParam("d").isEmpty());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void modelSerializerRestoresTheSameNetwork(Kind kind, @TempDir Path dir) throws IOException {
    MultiLayerNetwork net = twoLayerNet(kind, DataType.FLOAT, RNNFormat.NCW, new Adam(1e-2));
    INDArray in = gaussian(DataType.FLOAT, 31, 2, H, 30);
    INDArray labels = gaussian(DataType.FLOAT, 32, 2, 2, 30);
    net.fit(in, labels); // non-trivial updater state
    File file = dir.resolve(kind + "-net.zip").toFile();
    ModelSerializer.writeModel(net, file, true);
    MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(file, true);

    assertEquals(net.getLayerWiseConfigurations(), back.getLayerWiseConfigurations());
    assertEquals(net.params(), back.params());
    assertEquals(net.getUpdater().getStateViewArray(), back.getUpdater().getStateViewArray());
    assertEquals(net.output(in), back.output(in));
    net.fit(in, labels);
    back.fit(in, labels);
    assertEquals(net.params(), back.params(), "training continues identically");
  }
}
