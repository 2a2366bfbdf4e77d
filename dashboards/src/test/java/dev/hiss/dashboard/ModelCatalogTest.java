package dev.hiss.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.io.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogTest {
  @TempDir Path tmp;

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> models(Map<String, Object> view) {
    return (List<Map<String, Object>>) view.get("models");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> registry(Map<String, Object> view) {
    return (Map<String, Object>) view.get("registry");
  }

  @Test
  void rereadsTheRegistryAtMostOncePerRefreshAndOnlyWhenItChanged() throws Exception {
    Path dir = tmp.resolve("registry");
    ModelRegistry reg = new ModelRegistry(dir);
    ModelRegistry.Entry v1 =
        RegistryFixture.register(reg, tmp, "m", List.of(1.0, 0.5), List.of(1.2, 0.7), Map.of());
    AtomicLong clock = new AtomicLong(1_000_000);
    ModelCatalog c = new ModelCatalog(dir, clock::get, Duration.ofSeconds(3));
    for (int i = 0; i < 100; i++) {
      assertEquals(1, models(c.view(List.of())).size());
    }
    assertEquals(1, c.reads(), "100 views within one refresh interval: one read");
    reg.promote("m", v1.version());
    assertEquals("CANDIDATE", models(c.view(List.of())).get(0).get("stage"), "not yet re-read");
    clock.addAndGet(3_000);
    assertEquals("PRODUCTION", models(c.view(List.of())).get(0).get("stage"));
    assertEquals(2, c.reads());
    clock.addAndGet(3_000);
    c.view(List.of());
    clock.addAndGet(3_000);
    c.view(List.of());
    assertEquals(2, c.reads(), "unchanged registry: looked at, not read again");
    RegistryFixture.register(reg, tmp, "m", List.of(2.0), List.of(2.0), Map.of());
    clock.addAndGet(3_000);
    List<Map<String, Object>> ms = models(c.view(List.of()));
    assertEquals(List.of(2, 1), ms.stream().map(m -> m.get("version")).toList(), "newest first");
    assertEquals(3, c.reads());
  }

  @Test
  void mergesLiveVersionsByChecksumPrefix() throws Exception {
    Path dir = tmp.resolve("registry");
    ModelRegistry reg = new ModelRegistry(dir);
    ModelRegistry.Entry e =
        RegistryFixture.register(reg, tmp, "m", List.of(1.0), List.of(1.0), Map.of());
    ModelCatalog c = new ModelCatalog(dir, System::currentTimeMillis, Duration.ofSeconds(3));
    Map<String, Object> live = Map.of("version", e.sha256().substring(0, 12), "predictions", 7L);
    Map<String, Object> other = Map.of("version", "linear-v1", "predictions", 3L);
    Map<String, Object> view = c.view(List.of(live, other));
    @SuppressWarnings("unchecked")
    Map<String, Object> liveStats = (Map<String, Object>) models(view).get(0).get("live");
    assertEquals(7L, liveStats.get("predictions"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> stream = (List<Map<String, Object>>) view.get("stream");
    assertEquals(
        Map.of("name", "m", "version", 1, "stage", "CANDIDATE"), stream.get(0).get("registered"));
    assertNull(stream.get(1).get("registered"));
    assertFalse(
        ModelCatalog.isVersionOf("abc", "abcdef0123"), "too short a prefix matches nothing");
    assertFalse(ModelCatalog.isVersionOf(null, "abc"));
  }

  @Test
  void aBrokenModelKeepsItsLastViewAndReportsTheErrorWhileOthersStillShow() throws Exception {
    Path dir = tmp.resolve("registry");
    ModelRegistry reg = new ModelRegistry(dir);
    RegistryFixture.register(reg, tmp, "a", List.of(1.0), List.of(1.0), Map.of());
    RegistryFixture.register(reg, tmp, "b", List.of(1.0), List.of(1.0), Map.of());
    AtomicLong clock = new AtomicLong();
    ModelCatalog c = new ModelCatalog(dir, clock::get, Duration.ofSeconds(1));
    assertEquals(2, models(c.view(List.of())).size());
    Files.writeString(dir.resolve("a/v0001/model.json"), "{\"format\":\"hiss-model\", trunc");
    RegistryFixture.register(reg, tmp, "b", List.of(1.0), List.of(1.0), Map.of());
    clock.addAndGet(1_000);
    Map<String, Object> view = c.view(List.of());
    assertEquals(
        List.of("a/1", "b/2", "b/1"),
        models(view).stream().map(m -> m.get("name") + "/" + m.get("version")).toList());
    String error = (String) registry(view).get("error");
    assertNotNull(error);
    assertTrue(error.startsWith("a: "), error);
  }

  @Test
  void withoutARegistryOnlyTheStreamIsShown() {
    ModelCatalog c = new ModelCatalog(null, () -> 0, Duration.ofSeconds(1));
    Map<String, Object> view = c.view(List.of(Map.of("version", "v7")));
    assertNull(registry(view).get("dir"));
    assertEquals(List.of(), view.get("models"));
    assertEquals(0, c.reads());
    ModelCatalog absent = new ModelCatalog(tmp.resolve("nothing"), () -> 0, Duration.ofSeconds(1));
    assertEquals(List.of(), absent.view(List.of()).get("models"));
    assertNull(registry(absent.view(List.of())).get("error"));
  }

  @Test
  void parsesPerEpochHistoriesAndThinsLongOnes() {
    assertArrayEquals(new double[] {0.5, 0.25, 1e-3}, ModelCatalog.curve("[0.5, 0.25, 0.001]"));
    assertArrayEquals(new double[] {1, 2}, ModelCatalog.curve(" [1,2] "));
    assertNull(ModelCatalog.curve("0.5"));
    assertNull(ModelCatalog.curve("[]"));
    assertNull(ModelCatalog.curve("[1, x]"));
    assertNull(ModelCatalog.curve(null));
    double[] nan = ModelCatalog.curve("[NaN, 1.0]");
    assertNull(((Double[]) ModelCatalog.thin(nan).get("value"))[0], "NaN is sent as null");
    double[] longCurve = new double[5000];
    for (int i = 0; i < longCurve.length; i++) {
      longCurve[i] = i;
    }
    Map<String, Object> t = ModelCatalog.thin(longCurve);
    int[] epochs = (int[]) t.get("epoch");
    Double[] values = (Double[]) t.get("value");
    assertEquals(ModelCatalog.MAX_CURVE_POINTS, epochs.length);
    assertEquals(1, epochs[0]);
    assertEquals(5000, epochs[epochs.length - 1]);
    for (int i = 0; i < epochs.length; i++) {
      assertEquals(epochs[i] - 1, values[i], 0, "value of the epoch it claims");
      assertTrue(i == 0 || epochs[i] > epochs[i - 1]);
    }
    int[] short3 = (int[]) ModelCatalog.thin(new double[] {3, 2, 1}).get("epoch");
    assertArrayEquals(new int[] {1, 2, 3}, short3);
  }
}
