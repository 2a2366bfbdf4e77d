package dev.hiss.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every single-bit flip and every truncation of a model file is refused with a clear {@link
 * InvalidModelFileException}, unless the damaged file still means exactly the same model (e.g. a
 * flip of {@code 1.0E-4} into {@code 1.0e-4}); nothing else escapes.
 */
class ModelFileCorruptionTest {
  private static final ObjectMapper M = new ObjectMapper();

  /** The reasons a damaged file may be refused with; anything else is not a clear message. */
  private static final List<String> REASONS =
      List.of(
          "checksum mismatch",
          "not a complete JSON document (truncated or corrupted?)",
          "formatVersion = ",
          "not a hiss-model file",
          "kind = ",
          "missing provenance or payload",
          "invalid provenance");

  @TempDir Path dir;

  private static Provenance provenance() {
    return new Provenance(
        Map.of("order", "2", "channel", "x"),
        7L,
        "2026-01-01T00:00:00Z",
        "2026-01-02T00:00:00Z",
        "test",
        "0.1.0",
        "2026-11-27T00:00:00Z");
  }

  private static ObjectNode payload() {
    ObjectNode p = M.createObjectNode();
    p.put("intercept", 2.5e-4);
    p.putArray("coefficients").add(0.5).add(-0.125);
    p.put("weights", "AAECAwQFBgc=");
    return p;
  }

  /** Reads a damaged file: true if refused clearly, false if it is still the same model. */
  private boolean refused(Path f, ModelFile.Loaded original, String what) {
    try {
      ModelFile.Loaded l = ModelFile.read(f, "test-kind");
      assertEquals(original.payload(), l.payload(), what + " was accepted as another model");
      assertEquals(original.provenance(), l.provenance(), what);
      return false;
    } catch (InvalidModelFileException e) {
      assertTrue(REASONS.stream().anyMatch(e.getMessage()::contains), what + ": " + e.getMessage());
      assertTrue(e.getMessage().startsWith("Refused model file " + f), e.getMessage());
      return true;
    } catch (Exception | Error e) {
      fail(what + " escaped as " + e, e);
      return false;
    }
  }

  @Test
  void everySingleBitFlipIsRefusedOrHarmless() throws Exception {
    Path good = dir.resolve("good.json");
    ModelFile.write(good, "test-kind", provenance(), payload());
    ModelFile.Loaded original = ModelFile.read(good, "test-kind");
    byte[] bytes = Files.readAllBytes(good);
    Path f = dir.resolve("flipped.json");
    int refused = 0;
    int harmless = 0;
    for (int i = 0; i < bytes.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] b = bytes.clone();
        b[i] ^= (byte) (1 << bit);
        Files.write(f, b);
        if (refused(f, original, "byte " + i + " bit " + bit)) {
          refused++;
        } else {
          harmless++;
        }
      }
    }
    assertEquals(8 * bytes.length, refused + harmless);
    // harmless flips: letter case of the exponent, of hex-free keys nobody reads, and the like
    assertTrue(harmless < bytes.length / 20, "harmless " + harmless + " of " + 8 * bytes.length);
  }

  @Test
  void everyTruncationIsRefused() throws Exception {
    Path good = dir.resolve("good.json");
    ModelFile.write(good, "test-kind", provenance(), payload());
    ModelFile.Loaded original = ModelFile.read(good, "test-kind");
    byte[] bytes = Files.readAllBytes(good);
    Path f = dir.resolve("truncated.json");
    for (int n = 0; n < bytes.length; n++) {
      Files.write(f, Arrays.copyOf(bytes, n));
      assertTrue(refused(f, original, "first " + n + " bytes"), "first " + n + " bytes");
    }
  }

  @Test
  void aFileOfTheNextFormatVersionIsRefusedWithAnUpgradeHint() throws Exception {
    Path f = dir.resolve("future.json");
    ModelFile.write(f, "test-kind", provenance(), payload());
    String s = Files.readString(f);
    int next = ModelFile.FORMAT_VERSION + 1;
    Files.writeString(
        f,
        s.replace(
            "\"formatVersion\" : " + ModelFile.FORMAT_VERSION, "\"formatVersion\" : " + next));
    InvalidModelFileException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            InvalidModelFileException.class, () -> ModelFile.read(f, "test-kind"));
    assertEquals(
        "Refused model file "
            + f
            + ": formatVersion = "
            + next
            + "; this build reads 1.."
            + ModelFile.FORMAT_VERSION
            + " (upgrade HiSS Forecast to read newer files)",
        e.getMessage());
  }
}
