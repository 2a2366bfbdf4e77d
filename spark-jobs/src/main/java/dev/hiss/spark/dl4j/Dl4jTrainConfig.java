package dev.hiss.spark.dl4j;

import java.util.List;

/**
 * The network, optimizer and distribution settings of {@link Dl4jSparkTrainJob}.
 *
 * <p>The network is [Dense(D_in → H, identity) → one SSM layer per entry of {@code layers} (H → H,
 * tanh) → RnnOutputLayer(H → 1, identity, MSE)] with Adam; see {@link Dl4jSparkTrainJob}.
 *
 * @param layers the SSM layers in order, 1..16 entries
 * @param width H, the channels of every SSM layer, in [1, 4096]
 * @param stateSize the state size of every SSM layer, in [1, 1024]
 * @param master how to train (parameter averaging, gradient sharing or single process)
 * @param workers Spark data partitions and DL4J workers, in [1, 4096] (1 for {@code SINGLE})
 * @param batchSizePerWorker mini-batch of each worker (for {@code SINGLE}: of the one process), in
 *     [1, 65536]
 * @param averagingFrequency mini-batches per worker between two averagings ({@code AVERAGING}), in
 *     [1, 10000]
 * @param sharingThreshold initial threshold of the adaptive update encoding ({@code SHARING}), in
 *     (0, 1)
 * @param workersPerNode trainer threads per executor JVM ({@code SHARING}), in [1, 64]
 * @param epochs passes over the training episodes, in [1, 100000]
 * @param lr Adam learning rate, in (0, 1]
 * @param seed seed of the network initialization and of DL4J's data splits
 */
public record Dl4jTrainConfig(
    List<SsmLayerKind> layers,
    int width,
    int stateSize,
    TrainingMasterKind master,
    int workers,
    int batchSizePerWorker,
    int averagingFrequency,
    double sharingThreshold,
    int workersPerNode,
    int epochs,
    double lr,
    long seed) {

  /** Validates every field. */
  public Dl4jTrainConfig {
    if (layers == null
        || layers.isEmpty()
        || layers.size() > 16
        || layers.stream().anyMatch(java.util.Objects::isNull)) {
      throw new IllegalArgumentException(
          "Invalid layers = " + layers + "; must hold 1 to 16 of s4d, s4, s5, mamba");
    }
    layers = List.copyOf(layers);
    check(width >= 1 && width <= 4096, "width", width, "in [1, 4096]");
    check(stateSize >= 1 && stateSize <= 1024, "stateSize", stateSize, "in [1, 1024]");
    if (master == null) {
      throw new IllegalArgumentException(
          "Invalid master = null; must be one of averaging, sharing, single");
    }
    check(workers >= 1 && workers <= 4096, "workers", workers, "in [1, 4096]");
    check(
        master != TrainingMasterKind.SINGLE || workers == 1,
        "workers",
        workers,
        "1 with the single-process master");
    check(
        batchSizePerWorker >= 1 && batchSizePerWorker <= 65536,
        "batchSizePerWorker",
        batchSizePerWorker,
        "in [1, 65536]");
    check(
        averagingFrequency >= 1 && averagingFrequency <= 10_000,
        "averagingFrequency",
        averagingFrequency,
        "in [1, 10000]");
    check(
        sharingThreshold > 0 && sharingThreshold < 1,
        "sharingThreshold",
        sharingThreshold,
        "in (0, 1)");
    check(
        workersPerNode >= 1 && workersPerNode <= 64,
        "workersPerNode",
        workersPerNode,
        "in [1, 64]");
    check(epochs >= 1 && epochs <= 100_000, "epochs", epochs, "in [1, 100000]");
    check(lr > 0 && lr <= 1, "lr", lr, "in (0, 1]");
  }

  /**
   * Defaults for everything but the layers, master and workers: H = 16, N = 16, batch 8 per worker,
   * averaging every mini-batch, threshold 1e-3, 1 trainer thread per node, 4 epochs, lr 3e-3, seed
   * 5.
   */
  public static Dl4jTrainConfig of(
      List<SsmLayerKind> layers, TrainingMasterKind master, int workers) {
    return new Dl4jTrainConfig(layers, 16, 16, master, workers, 8, 1, 1e-3, 1, 4, 3e-3, 5);
  }

  /** This configuration with another master and worker count. */
  public Dl4jTrainConfig withMaster(TrainingMasterKind m, int w) {
    return new Dl4jTrainConfig(
        layers,
        width,
        stateSize,
        m,
        w,
        batchSizePerWorker,
        averagingFrequency,
        sharingThreshold,
        workersPerNode,
        epochs,
        lr,
        seed);
  }

  /** The global mini-batch: workers × batchSizePerWorker. */
  public int globalBatch() {
    return workers * batchSizePerWorker;
  }

  private static void check(boolean ok, String field, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException("Invalid " + field + " = " + value + "; must be " + rule);
    }
  }
}
