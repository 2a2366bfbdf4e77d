package dev.hiss.spark.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.hiss.HissModel;
import dev.hiss.model.hiss.OutputHead;
import dev.hiss.model.hiss.TrainConfig;
import org.junit.jupiter.api.Test;

/** The shards train the masked MSE only: a GAUSSIAN model is refused with a message, no Spark. */
class DistributedHeadGuardTest {
  @Test
  void gaussianHeadIsRejected() {
    HissModel gaussian =
        new HissModel(DistributedHissTrainerTest.config(0).withHead(OutputHead.GAUSSIAN), 1);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new DistributedHissTrainer(
                    gaussian,
                    new DistributedTrainConfig(
                        new TrainConfig(1e-2, 0.9, 0.999, 1e-8, 4, 3, 11), 1)));
    assertTrue(e.getMessage().contains("Invalid head = GAUSSIAN"), e.getMessage());
  }
}
