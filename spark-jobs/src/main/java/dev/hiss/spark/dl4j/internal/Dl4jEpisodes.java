package dev.hiss.spark.dl4j.internal;

import dev.hiss.ingestion.lake.Lake;
import dev.hiss.spark.dl4j.Dl4jSparkTrainJob;
import dev.hiss.spark.job.ChunkMeanTask;
import dev.hiss.spark.job.Standardize;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.dataset.DataSet;
import scala.Tuple2;

/**
 * The episodes of {@link Dl4jSparkTrainJob}: one lake channel per device, standardized with the
 * training part's mean and standard deviation ({@link Standardize}), cut into {@link ChunkMeanTask}
 * episodes and ordered by (device, start). Training episodes are numbered in that order and cached;
 * validation episodes are collected to the driver.
 */
public final class Dl4jEpisodes implements AutoCloseable {
  private final JavaPairRDD<Long, ChunkMeanTask.Draft> train;
  private final List<DataSet> validation;
  private final long trainCount;
  private final int chunk;
  private JavaPairRDD<Long, ChunkMeanTask.Draft> partitioned;

  private Dl4jEpisodes(
      JavaPairRDD<Long, ChunkMeanTask.Draft> train,
      List<DataSet> validation,
      long trainCount,
      int chunk) {
    this.train = train;
    this.validation = validation;
    this.trainCount = trainCount;
    this.chunk = chunk;
  }

  /**
   * Reads the lake and builds the episodes.
   *
   * @param spark the session
   * @param c the job configuration (lake, channel, chunk, episode chunks, validation fraction)
   * @return the episodes; close to release the cached training episodes
   * @throws IllegalArgumentException when there is no training or no validation episode
   */
  public static Dl4jEpisodes read(SparkSession spark, Dl4jSparkTrainJob.Config c) {
    int k = c.chunk();
    int chunks = c.episodeChunks();
    double vf = c.validationFraction();
    JavaPairRDD<String, double[][]> series =
        Lake.series(spark, c.lake(), c.channel())
            .javaRDD()
            .mapToPair(s -> new Tuple2<>(s.getDevice(), new double[][] {s.getValues()}))
            .cache();
    try {
      double[][] stats = Standardize.trainStats(series.values(), vf);
      double[] mean = stats[0];
      double[] std = stats[1];
      JavaPairRDD<String, ChunkMeanTask.Draft> drafts =
          series.flatMapToPair(
              p -> {
                List<Tuple2<String, ChunkMeanTask.Draft>> out = new ArrayList<>();
                for (ChunkMeanTask.Draft d :
                    ChunkMeanTask.episodes(p._2(), new int[] {0}, 0, k, chunks, vf, mean, std)) {
                  out.add(new Tuple2<>(String.format("%s\u0000%012d", p._1(), d.start), d));
                }
                return out.iterator();
              });
      JavaPairRDD<Long, ChunkMeanTask.Draft> train =
          drafts
              .filter(p -> p._2().train)
              .sortByKey()
              .values()
              .zipWithIndex()
              .mapToPair(Tuple2::swap)
              .persist(StorageLevel.MEMORY_ONLY());
      List<DataSet> valid = new ArrayList<>();
      for (ChunkMeanTask.Draft d :
          drafts.filter(p -> !p._2().train).sortByKey().values().collect()) {
        valid.add(ChunkMeanDataSets.toDataSet(d, 1, k));
      }
      long n = train.count();
      if (n == 0 || valid.isEmpty()) {
        train.unpersist();
        throw new IllegalArgumentException(
            "Too little data in lake "
                + c.lake()
                + " for channel "
                + c.channel()
                + ": "
                + n
                + " training and "
                + valid.size()
                + " validation episodes of "
                + (long) chunks * k
                + " samples");
      }
      return new Dl4jEpisodes(train, valid, n, k);
    } finally {
      series.unpersist();
    }
  }

  /** Training episodes. */
  public long trainCount() {
    return trainCount;
  }

  /** Validation episodes in (device, start) order, each [1, 1, L]. */
  public List<DataSet> validation() {
    return validation;
  }

  /** Training episodes in (device, start) order, collected to the driver. */
  public List<DataSet> trainingList() {
    List<DataSet> out = new ArrayList<>();
    for (ChunkMeanTask.Draft d : train.sortByKey().values().collect()) {
      out.add(ChunkMeanDataSets.toDataSet(d, 1, chunk));
    }
    return out;
  }

  /**
   * Training episodes dealt round-robin to {@code workers} partitions (episode i to partition i mod
   * workers, in index order within a partition), cached, converted to data sets with the GPU
   * binding ({@link BindTaskGpu}) as the last step.
   *
   * @param workers partitions
   * @return the RDD to fit
   */
  public JavaRDD<DataSet> trainingRdd(int workers) {
    if (partitioned != null) {
      partitioned.unpersist();
    }
    partitioned =
        train
            .repartitionAndSortWithinPartitions(new HashPartitioner(workers))
            .persist(StorageLevel.MEMORY_ONLY());
    int k = chunk;
    return partitioned
        .values()
        .map(d -> ChunkMeanDataSets.toDataSet(d, 1, k))
        .mapPartitions(new BindTaskGpu());
  }

  @Override
  public void close() {
    train.unpersist();
    if (partitioned != null) {
      partitioned.unpersist();
    }
  }
}
