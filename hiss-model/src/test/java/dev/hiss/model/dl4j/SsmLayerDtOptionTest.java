package dev.hiss.model.dl4j;

import static dev.hiss.model.dl4j.Dl4jTestSupport.H;
import static dev.hiss.model.dl4j.Dl4jTestSupport.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.dl4j.Dl4jTestSupport.Kind;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
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
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The {@code dtChannel} / {@code resetChannel} options of the SSM layer configurations: channel
 * counts, JSON and ModelSerializer round trips, and the errors for bad Δt and reset values.
 */
class SsmLayerDtOptionTest {

  @Test
  void builderAndInputTypeCountTheSideChannelsInNIn() {
    S4DLayerConf both =
        new S4DLayerConf.Builder()
            .channels(4)
            .stateSize(3)
            .dtChannel(true)
            .resetChannel(true)
            .build();
    assertEquals(6, both.getNIn());
    assertEquals(4, both.getNOut());
    assertEquals(2, both.extraChannels());
    assertEquals(4, both.toS4DConfig().channels());
    S4LayerConf explicit = new S4LayerConf.Builder().nIn(5).nOut(4).dtChannel(true).build();
    assertEquals(5, explicit.getNIn());
    assertEquals(4, explicit.toS4Config().channels());
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> new S5LayerConf.Builder().nIn(7).nOut(4).stateSize(4).dtChannel(true).build());
    assertTrue(e.getMessage().contains("nIn = 7, nOut = 4"), e.getMessage());

    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .list()
            .layer(new MambaLayerConf.Builder().stateSize(3).dtChannel(true).build())
            .layer(
                new RnnOutputLayer.Builder(LossFunction.MSE)
                    .nOut(1)
                    .activation(Activation.IDENTITY)
                    .build())
            .setInputType(InputType.recurrent(H + 1))
            .build();
    MambaLayerConf m = (MambaLayerConf) conf.getConf(0).getLayer();
    assertEquals(H + 1, m.getNIn());
    assertEquals(H, m.getNOut());
    assertEquals(H, m.toMambaConfig().dModel());
    assertEquals(H, ((RnnOutputLayer) conf.getConf(1).getLayer()).getNIn());
  }

  /** [first(channels 4 + side channels) → S4(4) → RnnOutputLayer(4 → 1)]. */
  private static MultiLayerConfiguration stack(SsmLayerConf first) {
    return new NeuralNetConfiguration.Builder()
        .list()
        .layer(first)
        .layer(new S4LayerConf.Builder().channels(4).stateSize(3).build())
        .layer(
            new RnnOutputLayer.Builder(LossFunction.MSE)
                .nIn(4)
                .nOut(1)
                .activation(Activation.IDENTITY)
                .build())
        .build();
  }

  @Test
  void jsonRoundTripKeepsTheOptions() {
    MultiLayerConfiguration dt =
        stack(new S5LayerConf.Builder().channels(4).stateSize(4).dtChannel(true).build());
    MultiLayerConfiguration reset =
        stack(new MambaLayerConf.Builder().channels(4).stateSize(3).resetChannel(true).build());
    for (MultiLayerConfiguration conf : new MultiLayerConfiguration[] {dt, reset}) {
      MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
      assertEquals(conf, back);
      SsmLayerConf first = (SsmLayerConf) back.getConf(0).getLayer();
      SsmLayerConf s4 = (SsmLayerConf) back.getConf(1).getLayer();
      assertEquals(conf == dt, first.isDtChannel(), first.toString());
      assertEquals(conf == reset, first.isResetChannel(), first.toString());
      assertEquals(5, first.getNIn());
      assertEquals(4, first.getNOut());
      assertTrue(first.toString().contains(conf == dt ? "dtChannel" : "resetChannel"));
      assertFalse(s4.isDtChannel() || s4.isResetChannel(), s4.toString());
      SsmLayerConf flipped = (SsmLayerConf) s4.clone();
      flipped.setDtChannel(true);
      assertFalse(flipped.equals(s4), "the option takes part in equals");
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void modelSerializerKeepsTheOptionAndTheOutput(Kind kind, @TempDir Path dir) throws IOException {
    MultiLayerNetwork net =
        SsmLayerDtChannelTest.net(kind, 0, DataType.FLOAT, Activation.TANH, new Adam(1e-2));
    INDArray in = SsmLayerDtChannelTest.input(DataType.FLOAT, 31, 20);
    INDArray labels = gaussian(DataType.FLOAT, 32, 2, 2, 20);
    net.fit(in, labels);
    File file = dir.resolve(kind + "-dt.zip").toFile();
    ModelSerializer.writeModel(net, file, true);
    MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(file, true);
    SsmLayerConf conf = (SsmLayerConf) back.getLayer(0).conf().getLayer();
    assertTrue(conf.isDtChannel() && conf.isResetChannel(), conf.toString());
    assertEquals(net.getLayerWiseConfigurations(), back.getLayerWiseConfigurations());
    assertEquals(net.output(in), back.output(in));
  }

  @Test
  void invalidDtAndResetValuesAreRejectedByValueAndPosition() {
    MultiLayerNetwork net =
        SsmLayerDtChannelTest.net(Kind.S4D, 0, DataType.FLOAT, Activation.IDENTITY);
    for (double bad : new double[] {0, -0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
      INDArray in = SsmLayerDtChannelTest.input(DataType.FLOAT, 5, 8);
      in.putScalar(new long[] {1, H, 4}, bad);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> net.output(in));
      assertTrue(e.getMessage().contains("Δt scale = " + bad), e.getMessage());
      assertTrue(e.getMessage().contains("[example 1, step 4]"), e.getMessage());
      assertTrue(e.getMessage().contains("must be finite and > 0"), e.getMessage());
    }
    INDArray in = SsmLayerDtChannelTest.input(DataType.FLOAT, 5, 8);
    in.putScalar(new long[] {0, H + 1, 2}, 0.5);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.output(in));
    assertTrue(e.getMessage().contains("reset flag = 0.5 at [example 0, step 2]"), e.getMessage());

    // padded steps (input mask 0) are not read: Δt = 0 there is fine and the output is zero
    INDArray padded = SsmLayerDtChannelTest.input(DataType.FLOAT, 5, 8);
    INDArray mask = Nd4j.ones(DataType.FLOAT, 2, 8);
    mask.putScalar(1, 7, 0);
    padded.putScalar(new long[] {1, H, 7}, 0);
    INDArray out = net.feedForward(padded, mask, null).get(1);
    assertEquals(0.0, out.getDouble(1, 0, 7), 0.0);

    IllegalStateException wrong =
        assertThrows(
            IllegalStateException.class, () -> net.output(gaussian(DataType.FLOAT, 1, 2, H, 8)));
    assertTrue(wrong.getMessage().contains(H + 2 + " channels"), wrong.getMessage());
  }
}
