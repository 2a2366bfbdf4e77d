package dev.hiss.streaming;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.model.io.InvalidModelFileException;
import dev.hiss.model.io.ModelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading, swapping and refusing model files, without Kafka. */
class ModelWatcherTest {
  private static final LinearAutoregression M1 =
      new LinearAutoregression("x", 3, 1, 0.5, new double[] {0.4, 0.3, -0.2});
  private static final LinearAutoregression M2 =
      new LinearAutoregression("x", 3, 1, -0.5, new double[] {0.1, 0.2, 0.3});

  @TempDir Path dir;

  private static double gauge(ScorerMetrics m, String version) {
    return m.registry().get(ScorerMetrics.MODEL).tag("version", version).gauge().value();
  }

  private static double count(ScorerMetrics m, String name) {
    return m.registry().get(name).counter().count();
  }

  @Test
  void followsTheProductionPointerOfARegistryAndRefusesEveryBadFile() throws Exception {
    String v1 = ModelFiles.save(dir.resolve("m1.json"), M1);
    ModelFiles.promote(dir, "m1.json");
    ScorerMetrics metrics = ScorerMetrics.inMemory();
    try (ModelWatcher w = ModelWatcher.open(dir, metrics)) {
      assertEquals(v1, w.get().version());
      assertEquals(M1, w.get().model());
      assertEquals(1, gauge(metrics, v1));
      assertFalse(w.check(), "nothing changed");

      ModelFiles.writeCorrupted(dir.resolve("bad-sum.json"), M2);
      ModelFiles.writeTruncated(dir.resolve("bad-half.json"), M2);
      ModelFiles.writeOtherKind(dir.resolve("bad-kind.json"));
      ModelFiles.save(
          dir.resolve("bad-channel.json"),
          new LinearAutoregression("y", 3, 1, 0, new double[] {1, 0, 0}));
      int refused = 0;
      for (String bad : new String[] {"bad-sum", "bad-half", "bad-kind", "bad-channel"}) {
        ModelFiles.promote(dir, bad + ".json");
        assertFalse(w.check(), bad);
        assertFalse(w.check(), bad + " again: refused once, not every poll");
        assertEquals(v1, w.get().version(), bad);
        assertEquals(++refused, count(metrics, ScorerMetrics.MODEL_REFUSED), bad);
      }
      ModelFiles.promote(dir, "missing.json");
      assertFalse(w.check());
      assertEquals(v1, w.get().version());

      String v2 = ModelFiles.save(dir.resolve("m2.json"), M2);
      ModelFiles.promote(dir, "m2.json");
      assertTrue(w.check());
      assertEquals(v2, w.get().version());
      assertEquals(M2, w.get().model());
      assertNotEquals(v1, v2);
      assertEquals(1, gauge(metrics, v2));
      assertTrue(
          metrics.registry().find(ScorerMetrics.MODEL).tag("version", v1).meters().isEmpty());
      assertEquals(1, count(metrics, ScorerMetrics.MODEL_SWAPS));
    }
  }

  @Test
  void servesTheProductionVersionOfAModelRegistryAndFollowsPromote() throws Exception {
    Path registryDir = dir.resolve("registry");
    ModelRegistry registry = new ModelRegistry(registryDir);
    String v1 = ModelFiles.save(dir.resolve("m1.json"), M1);
    String v2 = ModelFiles.save(dir.resolve("m2.json"), M2);
    registry.register("ar", dir.resolve("m1.json"), Map.of());
    IOException none =
        assertThrows(
            IOException.class, () -> ModelWatcher.open(registryDir, ScorerMetrics.inMemory()));
    assertTrue(none.getMessage().contains("no production version"), none.getMessage());

    registry.promote("ar", 1);
    registry.register("ar", dir.resolve("m2.json"), Map.of());
    try (ModelWatcher w = ModelWatcher.open(registryDir, ScorerMetrics.inMemory())) {
      assertEquals(v1, w.get().version(), "the candidate v2 is not served");
      registry.promote("ar", 2);
      assertTrue(w.check());
      assertEquals(v2, w.get().version());
      registry.promote("ar", 1); // roll back
      assertTrue(w.check());
      assertEquals(v1, w.get().version());

      // a second production model makes the choice ambiguous: refused, v1 keeps serving
      registry.register("other", dir.resolve("m2.json"), Map.of());
      registry.promote("other", 1);
      assertFalse(w.check());
      assertEquals(v1, w.get().version());
    }
  }

  @Test
  void pollsAModelFileInTheBackground() throws Exception {
    Path file = dir.resolve("model.json");
    String v1 = ModelFiles.save(file, M1);
    try (ModelWatcher w = ModelWatcher.open(file, ScorerMetrics.inMemory())) {
      w.start(Duration.ofMillis(20));
      assertEquals(v1, w.get().version());
      String v2 = ModelFiles.save(file, M2);
      await().atMost(Duration.ofSeconds(10)).until(() -> w.get().version().equals(v2));
      assertEquals(M2, w.get().model());
    }
  }

  @Test
  void cannotStartWithoutAValidModel() throws Exception {
    Path file = dir.resolve("model.json");
    ModelFiles.writeTruncated(file, M1);
    assertThrows(
        InvalidModelFileException.class, () -> ModelWatcher.open(file, ScorerMetrics.inMemory()));
    Files.delete(file);
    assertThrows(
        java.nio.file.NoSuchFileException.class,
        () -> ModelWatcher.open(file, ScorerMetrics.inMemory()));
  }
}
