package dev.hiss.spark.dl4j.internal;

import dev.hiss.spark.dl4j.Dl4jTrainConfig;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.AdaptiveThresholdAlgorithm;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.repartitioner.NoOpRepartitioner;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DL4J training masters configured for {@link dev.hiss.spark.dl4j.Dl4jSparkTrainJob}: training
 * straight from the {@code RDD<DataSet>} (no export to files), no repartitioning and no persistence
 * by DL4J (the job partitions and caches the episodes itself, so that the GPU binding runs in the
 * training task; see {@link BindTaskGpu}), no prefetch thread, one example per RDD element.
 */
public final class TrainingMasters {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingMasters.class);

  private TrainingMasters() {}

  /**
   * {@code ParameterAveragingTrainingMaster}: {@code workers} workers, each fitting {@code
   * averagingFrequency} mini-batches of {@code batchSizePerWorker} between two averagings of
   * parameters and updater state.
   */
  public static TrainingMaster<?, ?> averaging(Dl4jTrainConfig c) {
    return new ParameterAveragingTrainingMaster.Builder(c.workers(), 1)
        .batchSizePerWorker(c.batchSizePerWorker())
        .averagingFrequency(c.averagingFrequency())
        .workerPrefetchNumBatches(0)
        .saveUpdater(true)
        .repartionData(Repartition.Never)
        .rddTrainingApproach(RDDTrainingApproach.Direct)
        .storageLevel(null)
        .rngSeed(c.seed())
        .build();
  }

  /**
   * {@code SharedTrainingMaster}: threshold-encoded updates (adaptive threshold starting at {@code
   * sharingThreshold}) exchanged over Aeron UDP, the driver's parameter server at {@code
   * controllerAddress:port}, executor n at {@code port + 1 + n} ({@link ExecutorPortSupplier});
   * {@code workersPerNode} trainer threads per executor JVM.
   *
   * @param c the configuration
   * @param controllerAddress an address of the driver the executors can reach
   * @param port the driver's UDP port for the parameter server
   */
  public static TrainingMaster<?, ?> sharing(
      Dl4jTrainConfig c, String controllerAddress, int port) {
    VoidConfiguration vc =
        VoidConfiguration.builder()
            .unicastPort(port)
            .portSupplier(new ExecutorPortSupplier(port))
            .controllerAddress(controllerAddress)
            .build();
    return new SharedTrainingMaster.Builder(
            vc, c.workers(), new AdaptiveThresholdAlgorithm(c.sharingThreshold()), 1)
        .batchSizePerWorker(c.batchSizePerWorker())
        .workersPerNode(c.workersPerNode())
        .workerPrefetchNumBatches(0)
        .repartitioner(new NoOpRepartitioner())
        .rddTrainingApproach(RDDTrainingApproach.Direct)
        .storageLevel(null)
        .rngSeed(c.seed())
        .build();
  }
}
