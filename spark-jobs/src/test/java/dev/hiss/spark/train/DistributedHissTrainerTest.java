package dev.hiss.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.ingestion.lake.LocalSpark;
import dev.hiss.model.hiss.HissConfig;
import dev.hiss.model.hiss.HissModel;
import dev.hiss.model.hiss.HissTrainer;
import dev.hiss.model.hiss.LevelConfig;
import dev.hiss.model.hiss.Seq2SeqData;
import dev.hiss.model.hiss.TrainConfig;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Distributed training against the single-process {@link HissTrainer} on the same seed. */
@Tag("integration")
@Timeout(300)
class DistributedHissTrainerTest {
  private static final int EPISODES = 22;
  private static final int LENGTH = 40;
  private static SparkSession spark;
  private static JavaSparkContext sc;

  @BeforeAll
  static void start() {
    spark = LocalSpark.builder("local[2]", "distributed-trainer-test").getOrCreate();
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** Two input channels (a noisy sine and its lag), target the next chunk's mean of channel 0. */
  static Seq2SeqData data(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int lo = LENGTH / 10;
    float[] x = new float[EPISODES * LENGTH * 2];
    float[] y = new float[EPISODES * lo];
    boolean[] m = new boolean[EPISODES * lo];
    for (int e = 0; e < EPISODES; e++) {
      double phase = r.nextDouble() * 6.28;
      double[] s = new double[LENGTH + 10];
      for (int t = 0; t < s.length; t++) {
        s[t] = Math.sin(phase + 0.3 * t) + 0.1 * r.nextGaussian();
      }
      for (int t = 0; t < LENGTH; t++) {
        x[(e * LENGTH + t) * 2] = (float) s[t];
        x[(e * LENGTH + t) * 2 + 1] = (float) (t == 0 ? 0 : s[t - 1]);
      }
      for (int j = 0; j < lo; j++) {
        double sum = 0;
        for (int t = (j + 1) * 10; t < (j + 2) * 10; t++) {
          sum += s[t];
        }
        y[e * lo + j] = (float) (sum / 10);
        m[e * lo + j] = (e + j) % 7 != 0; // some masked steps
      }
    }
    return new Seq2SeqData(x, y, m, EPISODES, LENGTH, 2, lo, 1);
  }

  static HissConfig config(double dropout) {
    return HissConfig.twoLevel(
        2,
        1,
        LevelConfig.s4d(8, 1, dropout).withStateSize(4),
        LevelConfig.s4d(8, 1, dropout).withStateSize(4),
        10);
  }

  private static TrainConfig train() {
    return new TrainConfig(1e-2, 0.9, 0.999, 1e-8, 4, 3, 11);
  }

  private static JavaRDD<Episode> rdd(Seq2SeqData d, int slices) {
    return sc.parallelize(Arrays.asList(Episode.of(d)), slices);
  }

  private static float[] flat(HissModel m) {
    return FlatParams.values(m);
  }

  @Test
  void onePartitionIsBitIdenticalToTheSingleProcessTrainer() {
    Seq2SeqData d = data(3);
    HissModel local = new HissModel(config(0), 7);
    List<Double> expected = new HissTrainer(local, train()).fit(d);

    HissModel dist = new HissModel(config(0), 7);
    DistributedHissTrainer t =
        new DistributedHissTrainer(dist, new DistributedTrainConfig(train(), 1));
    List<Double> actual = t.fit(rdd(d, 3));

    assertEquals(expected, actual);
    assertArrayEquals(flat(local), flat(dist));
    assertEquals(18, t.steps()); // 3 epochs × ceil(22 / 4)
    assertEquals(3L * EPISODES, t.samples());
    assertTrue(expected.get(2) < expected.get(0), "the loss must fall: " + expected);
  }

  @Test
  void twoPartitionsMatchTheSingleProcessLossWithinTolerance() {
    Seq2SeqData d = data(4);
    HissModel local = new HissModel(config(0), 8);
    List<Double> expected = new HissTrainer(local, train()).fit(d);

    HissModel dist = new HissModel(config(0), 8);
    List<Double> actual =
        new DistributedHissTrainer(dist, new DistributedTrainConfig(train(), 2)).fit(rdd(d, 1));

    // only the float summation order of the gradient differs: stated tolerance 1e-4 relative
    for (int e = 0; e < expected.size(); e++) {
      assertEquals(expected.get(e), actual.get(e), 1e-4 * expected.get(e), "epoch " + e);
    }
    double lossLocal = HissTrainer.evaluate(local, d);
    double lossDist = DistributedHissTrainer.evaluate(dist, rdd(d, 2));
    assertEquals(lossLocal, lossDist, 1e-4 * lossLocal);
  }

  @Test
  void withDropoutRunsAreDeterministicGivenSeedAndShardsWhateverTheInputPartitioning() {
    Seq2SeqData d = data(5);
    DistributedTrainConfig c = new DistributedTrainConfig(train(), 2);
    HissModel a = new HissModel(config(0.1), 9);
    HissModel b = new HissModel(config(0.1), 9);
    List<Double> ha = new DistributedHissTrainer(a, c).fit(rdd(d, 1));
    List<Double> hb = new DistributedHissTrainer(b, c).fit(rdd(d, 4));
    assertEquals(ha, hb);
    assertArrayEquals(flat(a), flat(b));

    HissModel other = new HissModel(config(0.1), 9);
    TrainConfig seed12 = new TrainConfig(1e-2, 0.9, 0.999, 1e-8, 4, 3, 12);
    new DistributedHissTrainer(other, new DistributedTrainConfig(seed12, 2)).fit(rdd(d, 1));
    assertNotEquals(Arrays.toString(flat(a)), Arrays.toString(flat(other)));
  }

  @Test
  void evaluateEqualsTheSingleProcessEvaluation() {
    Seq2SeqData d = data(6);
    HissModel m = new HissModel(config(0.1), 10);
    double expected = HissTrainer.evaluate(m, d);
    assertEquals(expected, DistributedHissTrainer.evaluate(m, rdd(d, 3)), 1e-6 * expected);
    // one shard of 22 episodes: inference batches of 16 and 6
    assertEquals(expected, DistributedHissTrainer.evaluate(m, rdd(d, 1)), 1e-6 * expected);
  }

  @Test
  void listenerStopsTrainingAndBestWeightsRestore() {
    Seq2SeqData d = data(7);
    HissModel m = new HissModel(config(0), 11);
    DistributedHissTrainer t =
        new DistributedHissTrainer(m, new DistributedTrainConfig(train(), 2));
    float[] initial = t.weights();
    List<Double> h = t.fit(rdd(d, 2), s -> s.epoch() < 1);
    assertEquals(2, h.size());
    assertEquals(12, t.steps());
    assertTrue(t.seconds() > 0);
    assertNotEquals(Arrays.toString(initial), Arrays.toString(flat(m)));
    t.restore(initial);
    assertArrayEquals(initial, flat(m));
  }

  @Test
  void duplicateIndicesAreRejected() {
    Episode[] es = Episode.of(data(8));
    es[1] = new Episode(0, es[1].input(), es[1].target(), es[1].mask());
    DistributedHissTrainer t =
        new DistributedHissTrainer(
            new HissModel(config(0), 1), new DistributedTrainConfig(train(), 2));
    JavaRDD<Episode> bad = sc.parallelize(Arrays.asList(es), 2);
    Exception ex = assertThrows(Exception.class, () -> t.fit(bad));
    assertTrue(String.valueOf(ex.getMessage()).contains("index"), ex.getMessage());
  }

  @Test
  void configIsValidated() {
    assertThrows(IllegalArgumentException.class, () -> new DistributedTrainConfig(null, 1));
    assertThrows(IllegalArgumentException.class, () -> new DistributedTrainConfig(train(), 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new DistributedTrainConfig(train(), DistributedTrainConfig.MAX_PARTITIONS + 1));
  }
}
