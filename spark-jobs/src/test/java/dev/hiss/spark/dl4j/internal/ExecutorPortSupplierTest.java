package dev.hiss.spark.dl4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Distinct transport ports per executor, the driver's port everywhere else. */
class ExecutorPortSupplierTest {
  @Test
  void executorsGetDistinctPortsAboveTheDrivers() {
    assertEquals(40_000, ExecutorPortSupplier.port(40_000, "driver"));
    assertEquals(40_000, ExecutorPortSupplier.port(40_000, null));
    assertEquals(40_001, ExecutorPortSupplier.port(40_000, "0"));
    assertEquals(40_002, ExecutorPortSupplier.port(40_000, "1"));
    assertEquals(40_008, ExecutorPortSupplier.port(40_000, "1007"));
    assertEquals(40_000, new ExecutorPortSupplier(40_000).getPort(), "outside Spark");
    assertEquals(
        "Invalid base = 0; must be in [1, 64535]",
        assertThrows(IllegalArgumentException.class, () -> new ExecutorPortSupplier(0))
            .getMessage());
  }
}
