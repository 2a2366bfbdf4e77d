package dev.hiss.spark.dl4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.spark.dl4j.Dl4jTrainConfig;
import dev.hiss.spark.dl4j.SsmLayerKind;
import dev.hiss.spark.dl4j.TrainingMasterKind;
import dev.hiss.spark.job.ChunkMeanTask;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The DL4J form of the chunk-mean task: label positions and mask (golden values), the masked MSE
 * against DL4J's own masked loss, and the network of every layer kind.
 */
class ChunkMeanDataSetsTest {
  private static final int K = 3;
  private static final int CHUNKS = 4;

  /** Two channels, 30 samples: x0 = t, x1 = 100 + t; identity standardization. */
  private static List<ChunkMeanTask.Draft> drafts(int inputsUsed) {
    double[][] ch = new double[2][30];
    for (int t = 0; t < 30; t++) {
      ch[0][t] = t;
      ch[1][t] = 100 + t;
    }
    int[] inputs = inputsUsed == 2 ? new int[] {0, 1} : new int[] {0};
    return ChunkMeanTask.episodes(
        ch, inputs, 0, K, CHUNKS, 0.5, new double[] {0, 0}, new double[] {1, 1});
  }

  @Test
  void targetsSitAtTheLastSampleOfTheirChunkAndTheMaskSelectsValidOnes() {
    // training part [0, 15): one episode [0, 12); chunk 3's next chunk [12, 15) is still inside
    ChunkMeanTask.Draft d = drafts(2).get(0);
    assertTrue(d.train);
    DataSet ds = ChunkMeanDataSets.toDataSet(d, 2, K);
    assertArrayEquals(new long[] {1, 2, 12}, ds.getFeatures().shape());
    assertEquals(5.0, ds.getFeatures().getDouble(0, 0, 5));
    assertEquals(105.0, ds.getFeatures().getDouble(0, 1, 5));
    float[] m = ds.getLabelsMaskArray().dup('c').data().asFloat();
    float[] y = ds.getLabels().dup('c').data().asFloat();
    assertArrayEquals(new float[] {0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1}, m);
    // target j = mean of samples [(j+1)k, (j+2)k) = 3j + 4
    assertArrayEquals(new float[] {0, 0, 4, 0, 0, 7, 0, 0, 10, 0, 0, 13}, y);
  }

  @Test
  void aTargetBeyondThePartIsMasked() {
    // 0.6 validation: the training part is [0, 12), and chunk 3 of episode [0, 12) would read
    // [12, 15), beyond the part
    double[][] ch = {new double[30]};
    ChunkMeanTask.Draft d =
        ChunkMeanTask.episodes(
                ch, new int[] {0}, 0, K, CHUNKS, 0.6, new double[] {0}, new double[] {1})
            .get(0);
    float[] m = ChunkMeanDataSets.toDataSet(d, 1, K).getLabelsMaskArray().dup('c').data().asFloat();
    assertArrayEquals(new float[] {0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0}, m);
  }

  @Test
  void maskedMseMatchesDl4jsMaskedLossForEveryLayerKind() {
    List<DataSet> data = new ArrayList<>();
    for (ChunkMeanTask.Draft d : drafts(1)) {
      DataSet ds = ChunkMeanDataSets.toDataSet(d, 1, K);
      ds.getFeatures().divi(30);
      ds.getLabels().divi(30);
      data.add(ds);
    }
    for (SsmLayerKind kind : SsmLayerKind.values()) {
      Dl4jTrainConfig c =
          new Dl4jTrainConfig(
              List.of(kind), 4, 4, TrainingMasterKind.SINGLE, 1, 8, 1, 1e-3, 1, 1, 1e-2, 3);
      MultiLayerNetwork net = new MultiLayerNetwork(SsmNetworks.build(c, 1));
      net.init();
      DataSet all = DataSet.merge(data);
      assertArrayEquals(
          new long[] {2, 1, 12}, net.output(all.getFeatures()).shape(), kind.toString());
      double mse = ChunkMeanDataSets.mse(net, data, 1);
      double valid = all.getLabelsMaskArray().sumNumber().doubleValue();
      // DL4J's MSE score: Σ_masked (ŷ − y)² / examples (one output)
      double score = net.score(all);
      assertEquals(score, mse * valid / 2, 1e-5 * score, kind.toString());
      assertTrue(mse > 0, kind.toString());
      double zero = ChunkMeanDataSets.zeroMse(data);
      double y2 = all.getLabels().mul(all.getLabels()).sumNumber().doubleValue();
      assertEquals(y2 / valid, zero, 1e-6);
    }
  }
}
