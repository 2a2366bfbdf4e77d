package dev.hiss.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.hiss.HissConfig;
import dev.hiss.model.hiss.HissModel;
import dev.hiss.model.hiss.OutputHead;
import dev.hiss.model.hiss.QuantileLevels;
import dev.hiss.model.hiss.TrainConfig;
import dev.hiss.model.hiss.TrainingLoss;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Loss/head checks of the distributed trainer and the head round trip of its closures; no Spark.
 */
class DistributedHeadGuardTest {
  private static final TrainConfig TRAIN = new TrainConfig(1e-2, 0.9, 0.999, 1e-8, 4, 3, 11);

  @Test
  void aLossOfAnotherHeadIsRejected() {
    HissModel gaussian =
        new HissModel(DistributedHissTrainerTest.config(0).withHead(OutputHead.GAUSSIAN), 1);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new DistributedHissTrainer(
                    gaussian, new DistributedTrainConfig(TRAIN, 1, TrainingLoss.PINBALL)));
    assertTrue(e.getMessage().contains("Invalid loss = PINBALL; the model has a GAUSSIAN head"));
    HissModel point = new HissModel(DistributedHissTrainerTest.config(0), 1);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new DistributedHissTrainer(
                point, new DistributedTrainConfig(TRAIN, 1, TrainingLoss.GAUSSIAN_NLL)));
  }

  @Test
  void theDefaultLossFollowsTheHead() {
    HissConfig base = DistributedHissTrainerTest.config(0);
    assertEquals(
        TrainingLoss.MSE,
        new DistributedHissTrainer(new HissModel(base, 1), new DistributedTrainConfig(TRAIN, 1))
            .loss());
    assertEquals(
        TrainingLoss.GAUSSIAN_NLL,
        new DistributedHissTrainer(
                new HissModel(base.withHead(OutputHead.GAUSSIAN), 1),
                new DistributedTrainConfig(TRAIN, 1))
            .loss());
    assertEquals(
        TrainingLoss.PINBALL,
        new DistributedHissTrainer(
                new HissModel(base.withHead(OutputHead.QUANTILE), 1),
                new DistributedTrainConfig(TRAIN, 1))
            .loss());
  }

  @Test
  void theShippedConfigKeepsTheHeadAndLevels() {
    HissConfig base = DistributedHissTrainerTest.config(0);
    HissConfig q = base.withQuantiles(new QuantileLevels(List.of(0.05, 0.5, 0.8, 0.95)));
    assertEquals(q, new ConfigSpec(q).config());
    HissConfig g = base.withHead(OutputHead.GAUSSIAN).withDt(true);
    assertEquals(g, new ConfigSpec(g).config());
    assertEquals(base, new ConfigSpec(base).config());
  }

  @Test
  void pinballCountsOnlyFiniteTargetsOfValidSteps() {
    float[] y = {1, Float.NaN, 3, 4, 5, 6};
    boolean[] mask = {true, true, false};
    assertEquals(3, ShardCompute.elements(TrainingLoss.PINBALL, y, mask, 2));
    assertEquals(4, ShardCompute.elements(TrainingLoss.GAUSSIAN_NLL, y, mask, 2));
    assertEquals(6, ShardCompute.elements(TrainingLoss.MSE, y, null, 2));
  }
}
