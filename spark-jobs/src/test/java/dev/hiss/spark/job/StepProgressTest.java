package dev.hiss.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StepProgressTest {

  @Test
  void fractionCountsWholeEpochsAndStepsOfTheCurrentOne() {
    TrainHissJob.StepProgress p = new TrainHissJob.StepProgress(1, 4, 5, 10, 30);
    assertEquals((1 + 0.5) / 4, p.fraction(), 1e-12);
    // 30 s for 37.5 %: 50 s more at the same rate
    assertEquals(50, p.etaSeconds(), 1e-9);
    assertEquals(1, new TrainHissJob.StepProgress(3, 4, 10, 10, 9).fraction(), 1e-12);
    assertEquals(0, new TrainHissJob.StepProgress(3, 4, 10, 10, 9).etaSeconds(), 1e-12);
  }

  @Test
  void etaIsUnknownBeforeAnyStep() {
    assertTrue(Double.isNaN(new TrainHissJob.StepProgress(0, 4, 0, 10, 0).etaSeconds()));
  }
}
