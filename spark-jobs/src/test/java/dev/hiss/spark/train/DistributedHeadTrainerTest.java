package dev.hiss.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.ingestion.lake.LocalSpark;
import dev.hiss.model.hiss.HissConfig;
import dev.hiss.model.hiss.HissModel;
import dev.hiss.model.hiss.HissTrainer;
import dev.hiss.model.hiss.OutputHead;
import dev.hiss.model.hiss.QuantileLevels;
import dev.hiss.model.hiss.Seq2SeqData;
import dev.hiss.model.hiss.TrainConfig;
import dev.hiss.model.hiss.TrainingLoss;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Distributed training of GAUSSIAN and QUANTILE heads against the single-process {@link
 * HissTrainer} on the same seed and data (dropout 0): one shard gives the same weights and losses,
 * two shards the same up to float summation order.
 */
@Tag("integration")
@Timeout(300)
class DistributedHeadTrainerTest {
  private static SparkSession spark;
  private static JavaSparkContext sc;

  @BeforeAll
  static void start() {
    spark = LocalSpark.builder("local[2]", "distributed-head-test").getOrCreate();
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static TrainConfig train() {
    return new TrainConfig(1e-2, 0.9, 0.999, 1e-8, 4, 3, 11);
  }

  private static JavaRDD<Episode> rdd(Seq2SeqData d, int slices) {
    return sc.parallelize(Arrays.asList(Episode.of(d)), slices);
  }

  /** One shard against HissTrainer: identical weights, losses equal to rounding of Σ/n. */
  private static void assertOneShardMatches(HissConfig hc, TrainingLoss loss, Seq2SeqData d) {
    HissModel local = new HissModel(hc, 7);
    List<Double> expected = new HissTrainer(local, train()).withLoss(loss).fit(d);

    HissModel dist = new HissModel(hc, 7);
    DistributedHissTrainer t =
        new DistributedHissTrainer(dist, new DistributedTrainConfig(train(), 1, loss));
    List<Double> actual = t.fit(rdd(d, 3));

    assertEquals(expected.size(), actual.size());
    for (int e = 0; e < expected.size(); e++) {
      assertEquals(
          expected.get(e), actual.get(e), 1e-12 * Math.abs(expected.get(e)), loss + " epoch " + e);
    }
    assertArrayEquals(FlatParams.values(local), FlatParams.values(dist), loss.toString());
    assertTrue(expected.get(2) < expected.get(0), loss + " must fall: " + expected);

    DistributedHissTrainer.Evaluation ev = DistributedHissTrainer.evaluate(dist, loss, rdd(d, 2));
    double vl = new HissTrainer(local, train()).withLoss(loss).validationLoss(d);
    double mse = HissTrainer.evaluate(local, d);
    assertEquals(vl, ev.loss(), 1e-9 * Math.abs(vl), loss + " validation loss");
    assertEquals(mse, ev.mse(), 1e-9 * mse, loss + " validation MSE of the point predictions");
    assertTrue(Math.abs(ev.loss() - ev.mse()) > 1e-6, "the head's loss is not the MSE");
  }

  @Test
  void gaussianNllAndCrpsOneShardMatchTheSingleProcessTrainer() {
    HissConfig hc = DistributedHissTrainerTest.config(0).withHead(OutputHead.GAUSSIAN);
    assertOneShardMatches(hc, TrainingLoss.GAUSSIAN_NLL, DistributedHissTrainerTest.data(3));
    assertOneShardMatches(hc, TrainingLoss.GAUSSIAN_CRPS, DistributedHissTrainerTest.data(4));
  }

  @Test
  void quantileOneShardMatchesTheSingleProcessTrainerWithNonFiniteTargets() {
    HissConfig hc =
        DistributedHissTrainerTest.config(0)
            .withQuantiles(new QuantileLevels(List.of(0.1, 0.25, 0.5, 0.9)));
    Seq2SeqData d = DistributedHissTrainerTest.data(5);
    float[] y = d.targets().clone();
    y[1] = Float.NaN; // a valid step with a missing target: the pinball loss skips it
    y[9] = Float.NaN;
    Seq2SeqData holes =
        new Seq2SeqData(
            d.inputs(),
            y,
            d.mask(),
            d.count(),
            d.inputLength(),
            d.inputDim(),
            d.outputLength(),
            d.outputDim());
    HissModel local = new HissModel(hc, 7);
    List<Double> expected = new HissTrainer(local, train()).fit(holes);
    HissModel dist = new HissModel(hc, 7);
    List<Double> actual =
        new DistributedHissTrainer(dist, new DistributedTrainConfig(train(), 1)).fit(rdd(holes, 2));
    for (int e = 0; e < expected.size(); e++) {
      assertEquals(expected.get(e), actual.get(e), 1e-12 * expected.get(e), "epoch " + e);
    }
    assertArrayEquals(FlatParams.values(local), FlatParams.values(dist));
    assertTrue(expected.get(2) < expected.get(0), "pinball must fall: " + expected);
    assertOneShardMatches(hc, TrainingLoss.PINBALL, DistributedHissTrainerTest.data(6));
  }

  @Test
  void twoShardsMatchTheSingleProcessLossesWithinTolerance() {
    HissConfig hc = DistributedHissTrainerTest.config(0).withHead(OutputHead.GAUSSIAN);
    Seq2SeqData d = DistributedHissTrainerTest.data(7);
    HissModel local = new HissModel(hc, 8);
    List<Double> expected =
        new HissTrainer(local, train()).withLoss(TrainingLoss.GAUSSIAN_CRPS).fit(d);
    HissModel dist = new HissModel(hc, 8);
    List<Double> actual =
        new DistributedHissTrainer(
                dist, new DistributedTrainConfig(train(), 2, TrainingLoss.GAUSSIAN_CRPS))
            .fit(rdd(d, 1));
    // the shards' gradients are rescaled to the batch normalizer and summed in another order
    for (int e = 0; e < expected.size(); e++) {
      assertEquals(expected.get(e), actual.get(e), 1e-4 * expected.get(e), "epoch " + e);
    }
    float[] a = FlatParams.values(local);
    float[] b = FlatParams.values(dist);
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], 1e-4 * (1 + Math.abs(a[i])), "weight " + i);
    }
  }
}
