package dev.hiss.spark.dl4j;

import dev.hiss.ingestion.lake.LakePath;
import dev.hiss.spark.dl4j.internal.ChunkMeanDataSets;
import dev.hiss.spark.dl4j.internal.Dl4jEpisodes;
import dev.hiss.spark.dl4j.internal.SsmNetworks;
import dev.hiss.spark.dl4j.internal.TrainingMasters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a DL4J {@code MultiLayerNetwork} of the project's SSM layers ({@code dev.hiss.model.dl4j})
 * with DL4J's {@link SparkDl4jMultiLayer}, on the task of {@code TrainHissJob} ({@link
 * dev.hiss.spark.job.ChunkMeanTask}: the next chunk's mean of one channel of the Parquet lake,
 * standardized with the training part's statistics, time-ordered split per device).
 *
 * <p>Network: [Dense(1 → H) → SSM layers (H → H, tanh) → RnnOutputLayer(H → 1, MSE)], inputs
 * [batch, 1, L], outputs [batch, 1, L]; the target of chunk j sits at sample (j+1)k − 1 and a label
 * mask selects the valid targets, so the loss is the task's MSE.
 *
 * <p>Masters: {@link TrainingMasterKind#AVERAGING} (ParameterAveragingTrainingMaster), {@link
 * TrainingMasterKind#SHARING} (SharedTrainingMaster, gradient sharing over Aeron) or {@link
 * TrainingMasterKind#SINGLE} (the same network, data and seed fitted in the driver). Training
 * episodes are dealt round-robin to {@code workers} partitions; each training task first binds its
 * ND4J device to the task's Spark GPU, if any ({@code internal.TaskGpu}).
 *
 * <p>The session must serialize with Kryo and {@code org.nd4j.kryo.Nd4jRegistrator} (or Java
 * serialization): DL4J ships INDArrays.
 */
public final class Dl4jSparkTrainJob {
  private static final Logger LOG = LoggerFactory.getLogger(Dl4jSparkTrainJob.class);

  /** The Kryo registrator DL4J needs. */
  public static final String ND4J_REGISTRATOR = "org.nd4j.kryo.Nd4jRegistrator";

  /**
   * @param lake lake root (Parquet, as written by the lake job)
   * @param channel the channel that is both input and target
   * @param chunk k, samples per chunk, in [1, 10000]
   * @param episodeChunks chunks per episode, in [2, 100000] (episode length L = k·chunks ≤ 10⁶)
   * @param validationFraction held-out fraction at the end of each device's series, in (0, 1)
   * @param train network, optimizer and master
   * @param modelFile where to save the trained network (DL4J zip with updater), or null
   */
  public record Config(
      LakePath lake,
      String channel,
      int chunk,
      int episodeChunks,
      double validationFraction,
      Dl4jTrainConfig train,
      Path modelFile) {
    /** Validates every field. */
    public Config {
      if (lake == null || train == null) {
        throw new IllegalArgumentException("Invalid config: lake and train are required");
      }
      if (channel == null || channel.isBlank()) {
        throw new IllegalArgumentException(
            "Invalid channel = '" + channel + "'; must be non-empty");
      }
      if (chunk < 1 || chunk > 10_000) {
        throw new IllegalArgumentException("Invalid chunk = " + chunk + "; must be in [1, 10000]");
      }
      if (episodeChunks < 2
          || episodeChunks > 100_000
          || (long) chunk * episodeChunks > 1_000_000) {
        throw new IllegalArgumentException(
            "Invalid episodeChunks = "
                + episodeChunks
                + "; must be in [2, 100000] with chunk·episodeChunks ≤ 1000000");
      }
      if (!(validationFraction > 0 && validationFraction < 1)) {
        throw new IllegalArgumentException(
            "Invalid validationFraction = " + validationFraction + "; must be in (0, 1)");
      }
    }

    /** A configuration of a lake in a local directory. */
    public Config(
        Path lake,
        String channel,
        int chunk,
        int episodeChunks,
        double validationFraction,
        Dl4jTrainConfig train,
        Path modelFile) {
      this(
          lake == null ? null : LakePath.of(lake),
          channel,
          chunk,
          episodeChunks,
          validationFraction,
          train,
          modelFile);
    }
  }

  /**
   * What training produced.
   *
   * @param trainEpisodes training episodes
   * @param validationEpisodes validation episodes
   * @param parameters trainable parameters of the network
   * @param initialValidationLoss validation MSE before training
   * @param validationLoss validation MSE after each epoch (standardized units)
   * @param trainScore DL4J's score after each epoch (the last mini-batch's loss; for averaging the
   *     mean over workers; NaN for sharing, whose master reports none)
   * @param zeroBaselineMse validation MSE of forecasting the training mean
   * @param fitSeconds wall-clock seconds spent fitting (all epochs, no evaluation)
   * @param samplesPerSecond training episodes × epochs / fitSeconds
   */
  public record Result(
      long trainEpisodes,
      long validationEpisodes,
      long parameters,
      double initialValidationLoss,
      List<Double> validationLoss,
      List<Double> trainScore,
      double zeroBaselineMse,
      double fitSeconds,
      double samplesPerSecond) {
    /** The validation MSE after the last epoch. */
    public double finalValidationLoss() {
      return validationLoss.get(validationLoss.size() - 1);
    }
  }

  private Dl4jSparkTrainJob() {}

  /** Runs the job without progress lines. */
  public static Result run(SparkSession spark, Config c) {
    return run(spark, c, null);
  }

  /**
   * Runs the job, reporting one line per epoch to {@code progress} (may be null).
   *
   * @throws IllegalArgumentException for a session DL4J cannot use or too little data
   */
  public static Result run(SparkSession spark, Config c, Consumer<String> progress) {
    requireNd4jSerialization(spark.sparkContext().getConf());
    Dl4jTrainConfig t = c.train();
    try (Dl4jEpisodes data = Dl4jEpisodes.read(spark, c)) {
      List<DataSet> valid = data.validation();
      MultiLayerNetwork net = new MultiLayerNetwork(SsmNetworks.build(t, 1));
      net.init();
      int evalBatch = 32;
      double initial = ChunkMeanDataSets.mse(net, valid, evalBatch);
      List<Double> validation = new ArrayList<>();
      List<Double> scores = new ArrayList<>();
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      SparkDl4jMultiLayer sparkNet = null;
      TrainingMaster<?, ?> tm = null;
      List<DataSet> single = null;
      JavaRDD<DataSet> train = null;
      if (t.master() == TrainingMasterKind.SINGLE) {
        single = data.trainingList();
      } else {
        tm =
            t.master() == TrainingMasterKind.AVERAGING
                ? TrainingMasters.averaging(t)
                : TrainingMasters.sharing(t, driverAddress(spark), freeUdpPort());
        sparkNet = new SparkDl4jMultiLayer(jsc, net, tm);
        train = data.trainingRdd(t.workers());
      }
      LOG.info(
          "DL4J {} training: {} parameters, {} training / {} validation episodes, {} workers",
          t.master().cliName(),
          net.numParams(),
          data.trainCount(),
          valid.size(),
          t.workers());
      double fitSeconds = 0;
      for (int epoch = 0; epoch < t.epochs(); epoch++) {
        long start = System.nanoTime();
        if (sparkNet == null) {
          net.fit(new ListDataSetIterator<>(single, t.batchSizePerWorker()));
          scores.add(net.score());
        } else {
          INDArray before = net.params().dup();
          sparkNet.fit(train);
          net = sparkNet.getNetwork();
          requireChanged(before, net.params(), t.master(), epoch);
          // the sharing master reports no score (always 0): NaN
          scores.add(t.master() == TrainingMasterKind.SHARING ? Double.NaN : sparkNet.getScore());
        }
        fitSeconds += (System.nanoTime() - start) / 1e9;
        double v = ChunkMeanDataSets.mse(net, valid, evalBatch);
        validation.add(v);
        String line =
            String.format(
                "epoch %d/%d: score %.5f, validation MSE %.5f, %.1f episodes/s",
                epoch + 1,
                t.epochs(),
                scores.get(epoch),
                v,
                data.trainCount() * (epoch + 1) / Math.max(1e-9, fitSeconds));
        LOG.info(line);
        if (progress != null) {
          progress.accept(line);
        }
      }
      if (tm != null) {
        tm.deleteTempFiles(jsc);
      }
      if (c.modelFile() != null) {
        try {
          ModelSerializer.writeModel(net, c.modelFile().toFile(), true);
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot save the network to " + c.modelFile(), e);
        }
      }
      return new Result(
          data.trainCount(),
          valid.size(),
          net.numParams(),
          initial,
          List.copyOf(validation),
          List.copyOf(scores),
          ChunkMeanDataSets.zeroMse(valid),
          fitSeconds,
          data.trainCount() * (double) t.epochs() / Math.max(1e-9, fitSeconds));
    }
  }

  /**
   * Fails unless INDArrays can travel: Java serialization, or Kryo with {@link #ND4J_REGISTRATOR}.
   *
   * @param conf the session's configuration
   * @throws IllegalArgumentException naming the setting to add
   */
  public static void requireNd4jSerialization(SparkConf conf) {
    String serializer = conf.get("spark.serializer", "org.apache.spark.serializer.JavaSerializer");
    String registrators = conf.get("spark.kryo.registrator", "");
    if (serializer.endsWith("KryoSerializer")
        && !List.of(registrators.split("\\s*,\\s*")).contains(ND4J_REGISTRATOR)) {
      throw new IllegalArgumentException(
          "Invalid spark.kryo.registrator = '"
              + registrators
              + "'; DL4J on Spark with Kryo needs "
              + ND4J_REGISTRATOR);
    }
  }

  /**
   * Fails when an epoch left the driver's parameters exactly as they were. With gradient sharing
   * the driver's network changes only through the updates that reach its parameter server (Aeron
   * UDP); when none arrive, DL4J finishes the epoch without an error.
   */
  static void requireChanged(INDArray before, INDArray after, TrainingMasterKind m, int epoch) {
    if (before.sub(after).amaxNumber().doubleValue() == 0) {
      throw new IllegalStateException(
          "The "
              + m.cliName()
              + " master left the driver's network unchanged in epoch "
              + (epoch + 1)
              + (m == TrainingMasterKind.SHARING
                  ? ": no update reached the parameter server on the driver (Aeron UDP); the"
                      + " executors must reach the driver's address on that port (see"
                      + " docs/scaling.md)"
                  : ""));
    }
  }

  private static String driverAddress(SparkSession spark) {
    String host = spark.sparkContext().getConf().get("spark.driver.host", "127.0.0.1");
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot resolve the driver host " + host, e);
    }
  }

  /** A free UDP port below 60000, so that the executors' ports above it stay in range. */
  private static int freeUdpPort() {
    for (int i = 0; i < 100; i++) {
      try (DatagramSocket s = new DatagramSocket(0)) {
        if (s.getLocalPort() < 60_000) {
          return s.getLocalPort();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("No free UDP port for the parameter server", e);
      }
    }
    throw new IllegalStateException("No free UDP port below 60000 for the parameter server");
  }
}
