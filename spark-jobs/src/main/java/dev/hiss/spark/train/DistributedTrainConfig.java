package dev.hiss.spark.train;

import dev.hiss.model.hiss.TrainConfig;

/**
 * Configuration of {@link DistributedHissTrainer}.
 *
 * @param train the optimizer, batch, epochs and seed, exactly as for the single-process {@link
 *     dev.hiss.model.hiss.HissTrainer}; {@code batchSize} is the global mini-batch (all shards
 *     together)
 * @param partitions data-parallel shards, 1..4096: episode {@code i} of {@code n} lives in shard
 *     {@code floor(i·partitions/n)} (contiguous index ranges), so results depend on the seed and
 *     this number only, not on how the input was partitioned
 */
public record DistributedTrainConfig(TrainConfig train, int partitions) {

  /** The largest supported number of shards. */
  public static final int MAX_PARTITIONS = 4096;

  /** Validates every field. */
  public DistributedTrainConfig {
    if (train == null) {
      throw new IllegalArgumentException("Invalid train = null");
    }
    if (partitions < 1 || partitions > MAX_PARTITIONS) {
      throw new IllegalArgumentException(
          "Invalid partitions = " + partitions + "; must be in [1, " + MAX_PARTITIONS + "]");
    }
  }
}
