package dev.hiss.spark.dl4j.internal;

import dev.hiss.spark.job.ChunkMeanTask;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The episodes of {@link ChunkMeanTask} as DL4J recurrent data sets: the target of chunk j (the
 * mean of the next chunk) is the label at the last sample of chunk j, {@code t = (j+1)k − 1}, and
 * the label mask selects exactly the valid targets, so the masked MSE of an {@code RnnOutputLayer}
 * is the task's MSE (the metric of {@code TrainHissJob}).
 */
public final class ChunkMeanDataSets {
  private ChunkMeanDataSets() {}

  /**
   * One episode as a data set of one example.
   *
   * @param d the episode: input [L, D_in] row-major, target [L/k], mask [L/k]
   * @param inputs D_in
   * @param k chunk size
   * @return features [1, D_in, L], labels [1, 1, L], labels mask [1, L]
   */
  public static DataSet toDataSet(ChunkMeanTask.Draft d, int inputs, int k) {
    int len = d.input.length / inputs;
    if (len * inputs != d.input.length || d.target.length * k != len) {
      throw new IllegalArgumentException(
          "Invalid episode: "
              + d.input.length
              + " inputs for D_in = "
              + inputs
              + " and "
              + d.target.length
              + " targets of chunk "
              + k);
    }
    float[] x = new float[inputs * len];
    for (int t = 0; t < len; t++) {
      for (int c = 0; c < inputs; c++) {
        x[c * len + t] = d.input[t * inputs + c];
      }
    }
    float[] y = new float[len];
    float[] m = new float[len];
    for (int j = 0; j < d.target.length; j++) {
      if (d.mask[j]) {
        y[(j + 1) * k - 1] = d.target[j];
        m[(j + 1) * k - 1] = 1;
      }
    }
    return new DataSet(
        Nd4j.create(x, new long[] {1, inputs, len}, 'c'),
        Nd4j.create(y, new long[] {1, 1, len}, 'c'),
        null,
        Nd4j.create(m, new long[] {1, len}, 'c'));
  }

  /**
   * The masked MSE of the network's forecasts over all valid targets, in double.
   *
   * @param net the network, output [batch, 1, L]
   * @param data episodes of equal length
   * @param batch examples per forward pass
   * @return Σ mask·(ŷ − y)² / Σ mask (0 when no target is valid)
   */
  public static double mse(MultiLayerNetwork net, List<DataSet> data, int batch) {
    double sum = 0;
    double count = 0;
    for (int from = 0; from < data.size(); from += batch) {
      DataSet ds = DataSet.merge(data.subList(from, Math.min(data.size(), from + batch)));
      INDArray out = net.output(ds.getFeatures(), false).castTo(DataType.DOUBLE);
      double[] o = out.dup('c').data().asDouble();
      double[] y = ds.getLabels().castTo(DataType.DOUBLE).dup('c').data().asDouble();
      double[] m = ds.getLabelsMaskArray().castTo(DataType.DOUBLE).dup('c').data().asDouble();
      for (int i = 0; i < o.length; i++) {
        if (m[i] != 0) {
          sum += (o[i] - y[i]) * (o[i] - y[i]);
          count++;
        }
      }
    }
    return count == 0 ? 0 : sum / count;
  }

  /**
   * The MSE of forecasting 0 (the training mean, in standardized units) at every valid target.
   *
   * @param data episodes
   * @return Σ mask·y² / Σ mask
   */
  public static double zeroMse(List<DataSet> data) {
    double sum = 0;
    double count = 0;
    for (DataSet ds : data) {
      double[] y = ds.getLabels().castTo(DataType.DOUBLE).dup('c').data().asDouble();
      double[] m = ds.getLabelsMaskArray().castTo(DataType.DOUBLE).dup('c').data().asDouble();
      for (int i = 0; i < y.length; i++) {
        if (m[i] != 0) {
          sum += y[i] * y[i];
          count++;
        }
      }
    }
    return count == 0 ? 0 : sum / count;
  }
}
