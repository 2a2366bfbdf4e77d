package dev.hiss.model.dl4j;

import static dev.hiss.model.dl4j.Dl4jTestSupport.relError;
import static dev.hiss.model.dl4j.SsmLayerTrainingTest.C;
import static dev.hiss.model.dl4j.SsmLayerTrainingTest.movingAverageTask;
import static dev.hiss.model.dl4j.SsmLayerTrainingTest.mse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The SSM layers in a ComputationGraph: in → S4 → Mamba(tanh) → S5 → RnnOutputLayer, with nIn
 * inferred from {@code InputType.recurrent(C)} (no channels set on the SSM layers).
 */
class SsmComputationGraphTest {

  private static Layer[] layers() {
    return new Layer[] {
      new S4LayerConf.Builder().stateSize(4).seed(1).build(),
      new MambaLayerConf.Builder()
          .stateSize(4)
          .expand(4)
          .seed(2)
          .activation(Activation.TANH)
          .build(),
      new S5LayerConf.Builder().stateSize(8).seed(3).build(),
      new RnnOutputLayer.Builder(LossFunction.MSE).nOut(1).activation(Activation.IDENTITY).build()
    };
  }

  private static ComputationGraph graph() {
    Layer[] l = layers();
    ComputationGraphConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(5)
            .dataType(DataType.FLOAT)
            .updater(new Adam(1e-2))
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.recurrent(C))
            .addLayer("s4", l[0], "in")
            .addLayer("mamba", l[1], "s4")
            .addLayer("s5", l[2], "mamba")
            .addLayer("out", l[3], "s5")
            .setOutputs("out")
            .build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    return g;
  }

  @Test
  void graphEqualsTheSameLayersInAMultiLayerNetwork() {
    ComputationGraph g = graph();
    NeuralNetConfiguration.ListBuilder list =
        new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT).list();
    for (Layer l : layers()) {
      list.layer(l);
    }
    MultiLayerNetwork net =
        new MultiLayerNetwork(list.setInputType(InputType.recurrent(C)).build());
    net.init();
    assertEquals(C, ((SsmLayerConf) g.getLayer("mamba").conf().getLayer()).getNIn());
    assertEquals(net.params(), g.params(), "same explicit seeds, same initial parameters");
    DataSet data = movingAverageTask(3);
    INDArray expected = net.output(data.getFeatures());
    assertEquals(0.0, relError(expected, g.outputSingle(data.getFeatures())), 1e-7);
    // and the same gradients
    net.setInput(data.getFeatures());
    net.setLabels(data.getLabels());
    net.computeGradientAndScore();
    g.setInputs(data.getFeatures());
    g.setLabels(data.getLabels());
    g.computeGradientAndScore();
    assertEquals(0.0, relError(net.gradient().gradient(), g.gradient().gradient()), 1e-6);
  }

  @Test
  void graphTrainsStreamsAndRoundTripsThroughModelSerializer(@TempDir Path dir) throws IOException {
    ComputationGraph g = graph();
    DataSet train = movingAverageTask(1);
    DataSet test = movingAverageTask(2);
    double zero = test.getLabels().norm2Number().doubleValue();
    zero *= zero / test.getLabels().length();
    double before = mse(g, test);
    for (int i = 0; i < 150; i++) {
      g.fit(train);
    }
    double after = mse(g, test);
    assertTrue(after < 0.5 * zero, "held-out MSE " + after + " (before " + before + ")");

    INDArray x = test.getFeatures();
    INDArray whole = g.outputSingle(x);
    g.rnnClearPreviousState();
    INDArray streamed = whole.like();
    for (int t = 0; t < x.size(2); t++) {
      INDArray step =
          g.rnnTimeStep(x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t)))[0];
      streamed
          .get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t))
          .assign(step.reshape(step.size(0), 1));
    }
    assertTrue(relError(whole, streamed) < 1e-5, "graph rnnTimeStep vs output");

    File file = dir.resolve("graph.zip").toFile();
    ModelSerializer.writeModel(g, file, true);
    ComputationGraph back = ModelSerializer.restoreComputationGraph(file, true);
    assertEquals(g.getConfiguration(), back.getConfiguration());
    assertEquals(g.params(), back.params());
    assertEquals(g.getUpdater().getStateViewArray(), back.getUpdater().getStateViewArray());
    assertEquals(whole, back.outputSingle(x));
    g.fit(train);
    back.fit(train);
    assertEquals(g.params(), back.params(), "training continues identically");
  }
}
