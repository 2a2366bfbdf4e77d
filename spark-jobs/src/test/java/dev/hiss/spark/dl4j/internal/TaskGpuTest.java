package dev.hiss.spark.dl4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The choice of the ND4J device from a Spark task's resources (fake resource maps). */
class TaskGpuTest {

  @Test
  void noGpuResourceMeansNoBinding() {
    assertEquals(OptionalInt.empty(), TaskGpu.select(null, null, 4));
    assertEquals(OptionalInt.empty(), TaskGpu.select(Map.of(), null, 4));
    assertEquals(OptionalInt.empty(), TaskGpu.select(Map.of("fpga", new String[] {"0"}), null, 4));
    assertEquals(OptionalInt.empty(), TaskGpu.select(Map.of("gpu", new String[0]), null, 4));
  }

  @Test
  void theFirstAddressIsTheDeviceWithoutCudaVisibleDevices() {
    assertEquals(OptionalInt.of(3), TaskGpu.select(Map.of("gpu", new String[] {"3"}), null, 4));
    assertEquals(OptionalInt.of(0), TaskGpu.select(Map.of("gpu", new String[] {" 0 "}), "", 1));
    assertEquals(
        OptionalInt.of(2), TaskGpu.select(Map.of("gpu", new String[] {"2", "1"}), null, 4));
  }

  @Test
  void cudaVisibleDevicesRenumbersTheDevices() {
    // CUDA shows physical GPUs 4 and 6 as devices 0 and 1
    assertEquals(OptionalInt.of(1), TaskGpu.select(Map.of("gpu", new String[] {"6"}), "4,6", 2));
    assertEquals(
        OptionalInt.of(0), TaskGpu.select(Map.of("gpu", new String[] {"4"}), " 4 , 6 ", 2));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TaskGpu.select(Map.of("gpu", new String[] {"5"}), "4,6", 2));
    assertEquals(
        "Invalid gpu address = 5; must be one of CUDA_VISIBLE_DEVICES=4,6", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TaskGpu.select(Map.of("gpu", new String[] {"0"}), "GPU-8f0a,1", 2));
    assertEquals(
        "Invalid entry of CUDA_VISIBLE_DEVICES=GPU-8f0a,1 = 'GPU-8f0a'; must be a non-negative"
            + " integer",
        e.getMessage());
  }

  @Test
  void badAddressesAreRejectedWithTheValue() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TaskGpu.select(Map.of("gpu", new String[] {"gpu0"}), null, 2));
    assertEquals(
        "Invalid gpu address from Spark's task resources = 'gpu0'; must be a non-negative integer",
        e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> TaskGpu.select(Map.of("gpu", new String[] {"-1"}), null, 2));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TaskGpu.select(Map.of("gpu", new String[] {"2"}), null, 2));
    assertEquals(
        "Invalid gpu address = 2; it maps to ND4J device 2 but ND4J sees 2 device(s)",
        e.getMessage());
  }
}
