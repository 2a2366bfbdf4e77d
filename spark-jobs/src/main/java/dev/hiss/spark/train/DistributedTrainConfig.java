package dev.hiss.spark.train;

import dev.hiss.model.hiss.TrainConfig;
import dev.hiss.model.hiss.TrainingLoss;

/**
 * Configuration of {@link DistributedHissTrainer}.
 *
 * @param train the optimizer, batch, epochs and seed, exactly as for the single-process {@link
 *     dev.hiss.model.hiss.HissTrainer}; {@code batchSize} is the global mini-batch (all shards
 *     together)
 * @param partitions data-parallel shards, 1..4096: episode {@code i} of {@code n} lives in shard
 *     {@code floor(i·partitions/n)} (contiguous index ranges), so results depend on the seed and
 *     this number only, not on how the input was partitioned
 * @param loss the training loss, which must belong to the model's head ({@link
 *     TrainingLoss#head()}); null = {@link TrainingLoss#defaultFor} the model's head (MSE for
 *     POINT, NLL for GAUSSIAN, pinball for QUANTILE)
 */
public record DistributedTrainConfig(TrainConfig train, int partitions, TrainingLoss loss) {

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

  /** A configuration with the default loss of the model's head. */
  public DistributedTrainConfig(TrainConfig train, int partitions) {
    this(train, partitions, null);
  }
}
