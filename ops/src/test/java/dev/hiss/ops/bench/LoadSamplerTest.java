package dev.hiss.ops.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoadSamplerTest {
  private static LoadSampler.Sample s(long lag, long heapMiB) {
    return new LoadSampler.Sample(0, 0, 0, lag, heapMiB << 20);
  }

  @Test
  void flatWhenTheLastLagIsSmallAndTheHeapDoesNotGrow() {
    assertTrue(
        LoadSampler.flat(List.of(s(500, 100), s(90_000, 120), s(10, 110), s(20, 119)), 1000, 0.2));
  }

  @Test
  void notFlatWhenTheHeapGrowsOrTheLagStaysOrThereAreTooFewSamples() {
    // second half max 145 MiB > 1.2 x 120
    assertFalse(LoadSampler.flat(List.of(s(0, 100), s(0, 120), s(0, 130), s(0, 145)), 1000, 0.2));
    // the scorer is still behind at the end
    assertFalse(
        LoadSampler.flat(List.of(s(0, 100), s(0, 100), s(0, 100), s(5_000, 100)), 1000, 0.2));
    assertFalse(LoadSampler.flat(List.of(s(0, 100), s(0, 100), s(0, 100)), 1000, 0.2));
  }

  @Test
  void liveHeapIsReportedByTheJvm() {
    System.gc();
    assertTrue(LoadSampler.liveHeapBytes() > 0);
  }
}
