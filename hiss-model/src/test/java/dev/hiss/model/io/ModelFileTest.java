package dev.hiss.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
  private static final ObjectMapper M = new ObjectMapper();
  @TempDir Path dir;

  private static Provenance provenance() {
    return new Provenance(
        Map.of("order", "3", "channel", "x"),
        7L,
        "2026-01-01T00:00:00Z",
        "2026-01-02T00:00:00Z",
        "test",
        Provenance.currentCodeVersion(),
        "2026-11-27T00:00:00Z");
  }

  private static ObjectNode payload() {
    ObjectNode p = M.createObjectNode();
    p.put("intercept", 0.25);
    p.putArray("coefficients").add(0.5).add(-0.125);
    return p;
  }

  @Test
  void roundTripKeepsPayloadAndProvenance() throws Exception {
    Path f = dir.resolve("m.json");
    String sha = ModelFile.write(f, "test-kind", provenance(), payload());
    ModelFile.Loaded l = ModelFile.read(f, "test-kind");
    assertEquals(payload(), l.payload());
    assertEquals(provenance(), l.provenance());
    assertEquals(sha, l.sha256());
    assertEquals(64, sha.length());
  }

  @Test
  void checksumIsIndependentOfKeyOrder() {
    ObjectNode a = M.createObjectNode().put("x", 1).put("y", 2);
    ObjectNode b = M.createObjectNode().put("y", 2).put("x", 1);
    assertEquals(ModelFile.sha256(a), ModelFile.sha256(b));
  }

  @Test
  void aFlippedValueIsRefused() throws Exception {
    Path f = dir.resolve("m.json");
    ModelFile.write(f, "test-kind", provenance(), payload());
    String s = Files.readString(f).replace("0.25", "0.26");
    Files.writeString(f, s);
    InvalidModelFileException ex =
        assertThrows(InvalidModelFileException.class, () -> ModelFile.read(f, "test-kind"));
    assertTrue(ex.getMessage().contains("checksum mismatch"), ex.getMessage());
  }

  @Test
  void aTruncatedFileIsRefused() throws Exception {
    Path f = dir.resolve("m.json");
    ModelFile.write(f, "test-kind", provenance(), payload());
    byte[] b = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(b, b.length / 2));
    InvalidModelFileException ex =
        assertThrows(InvalidModelFileException.class, () -> ModelFile.read(f, "test-kind"));
    assertTrue(ex.getMessage().contains("truncated"), ex.getMessage());
  }

  @Test
  void anotherKindOrANewerFormatIsRefused() throws Exception {
    Path f = dir.resolve("m.json");
    ModelFile.write(f, "test-kind", provenance(), payload());
    assertThrows(InvalidModelFileException.class, () -> ModelFile.read(f, "other-kind"));
    Files.writeString(
        f, Files.readString(f).replace("\"formatVersion\" : 1", "\"formatVersion\" : 99"));
    InvalidModelFileException ex =
        assertThrows(InvalidModelFileException.class, () -> ModelFile.read(f, "test-kind"));
    assertTrue(ex.getMessage().contains("formatVersion = 99"), ex.getMessage());
    Files.writeString(f, "hello", StandardCharsets.UTF_8);
    assertThrows(InvalidModelFileException.class, () -> ModelFile.read(f, "test-kind"));
  }

  @Test
  void formatVersion1FilesWrittenByRelease010KeepLoading() throws Exception {
    Path f = resource("/dev/hiss/model/io/format-v1.hiss.json");
    ModelFile.Loaded l = ModelFile.read(f, "test-kind");
    assertEquals(payload(), l.payload());
    assertEquals("3", l.provenance().config().get("order"));
    assertEquals(7L, l.provenance().seed());
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(ModelFileTest.class.getResource(name).toURI());
  }
}
