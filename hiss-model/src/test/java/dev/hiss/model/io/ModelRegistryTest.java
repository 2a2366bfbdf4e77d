package dev.hiss.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hiss.model.io.ModelRegistry.Entry;
import dev.hiss.model.io.ModelRegistry.Stage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
  @TempDir Path dir;

  private Path model(String file, double mse, double weight) throws Exception {
    ObjectNode payload = JsonNodeFactory.instance.objectNode().put("w", weight);
    Provenance p =
        new Provenance(
            Map.of("metric.validationMse", Double.toString(mse), "metric.history", "[1.0, 0.5]"),
            42,
            "1970-01-01T00:00:01Z",
            "1970-01-01T00:00:02Z",
            "test",
            Provenance.currentCodeVersion(),
            "2026-01-01T00:00:00Z");
    Path f = dir.resolve(file);
    ModelFile.write(f, "test-kind", p, payload);
    return f;
  }

  @Test
  void registersVersionsWithMetricsChecksumAndProvenance() throws Exception {
    ModelRegistry r = new ModelRegistry(dir.resolve("registry"));
    assertEquals(List.of(), r.list());
    Path f = model("a.json", 0.25, 1);
    Entry v1 = r.register("ecg", f, Map.of("extra", 3.0));
    Entry v2 = r.register("ecg", model("b.json", 0.125, 2), Map.of());
    r.register("other", model("c.json", 1, 3), Map.of());
    assertEquals(1, v1.version());
    assertEquals(2, v2.version());
    assertEquals(Stage.CANDIDATE, v1.stage());
    assertEquals(Map.of("validationMse", 0.25, "extra", 3.0), v1.metrics());
    assertEquals(ModelFile.read(f, "test-kind").sha256(), v1.sha256());
    assertEquals("test-kind", v1.kind());
    assertEquals(42, v1.provenance().seed());

    List<Entry> all = r.list();
    assertEquals(3, all.size());
    assertEquals("ecg", all.get(0).name());
    assertEquals("other", all.get(2).name());
    Entry back = r.get("ecg", 2);
    assertEquals(v2.sha256(), back.sha256());
    assertEquals(Map.of("validationMse", 0.125), back.metrics());
    assertTrue(Files.isRegularFile(back.file()));
  }

  @Test
  void promoteArchivesThePreviousProductionVersion() throws Exception {
    ModelRegistry r = new ModelRegistry(dir.resolve("registry"));
    r.register("ecg", model("a.json", 0.25, 1), Map.of());
    r.register("ecg", model("b.json", 0.125, 2), Map.of());
    assertTrue(r.production("ecg").isEmpty());
    assertEquals(Stage.PRODUCTION, r.promote("ecg", 1).stage());
    assertEquals(1, r.production("ecg").orElseThrow().version());
    r.promote("ecg", 2);
    List<Entry> vs = r.versions("ecg");
    assertEquals(Stage.ARCHIVED, vs.get(0).stage());
    assertEquals(Stage.PRODUCTION, vs.get(1).stage());
    assertEquals(2, r.production("ecg").orElseThrow().version());
    // promoting the production version again keeps one production version
    r.promote("ecg", 2);
    assertEquals(1, r.versions("ecg").stream().filter(e -> e.stage() == Stage.PRODUCTION).count());
    assertThrows(IllegalArgumentException.class, () -> r.promote("ecg", 3));
  }

  @Test
  void aTamperedOrReplacedModelFileIsRefused() throws Exception {
    ModelRegistry r = new ModelRegistry(dir.resolve("registry"));
    Entry e = r.register("ecg", model("a.json", 0.25, 1), Map.of());
    // a valid model file with other contents put in its place: checksum differs from registered
    Files.copy(
        model("b.json", 0.25, 2), e.file(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThrows(InvalidModelFileException.class, () -> r.get("ecg", 1));
    // a corrupted file
    String text = Files.readString(e.file(), StandardCharsets.UTF_8).replace("2.0", "3.0");
    Files.writeString(e.file(), text, StandardCharsets.UTF_8);
    assertThrows(InvalidModelFileException.class, () -> r.get("ecg", 1));
  }

  @Test
  void invalidNamesAndFilesAreRejected() throws Exception {
    ModelRegistry r = new ModelRegistry(dir.resolve("registry"));
    Path f = model("a.json", 0.25, 1);
    assertThrows(IllegalArgumentException.class, () -> r.register("../x", f, Map.of()));
    assertThrows(IllegalArgumentException.class, () -> r.register("", f, Map.of()));
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"format\":\"nope\"}");
    assertThrows(InvalidModelFileException.class, () -> r.register("ecg", bad, Map.of()));
    assertEquals(List.of(), r.versions("ecg"));
  }
}
