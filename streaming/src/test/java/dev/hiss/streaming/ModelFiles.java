package dev.hiss.streaming;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.model.io.ModelFile;
import dev.hiss.model.io.Provenance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** Writes good and bad model files for the hot-swap tests. */
final class ModelFiles {
  static final Provenance PROVENANCE =
      new Provenance(
          Map.of("test", "true"),
          7,
          "",
          "",
          "unit test",
          Provenance.currentCodeVersion(),
          "2026-01-01T00:00:00Z");

  private ModelFiles() {}

  /** Saves {@code m}; returns its version (the checksum). */
  static String save(Path file, LinearAutoregression m) throws IOException {
    return m.save(file, PROVENANCE).substring(0, 12); // the model version: checksum prefix
  }

  /** Points the registry {@code dir} at {@code name}. */
  static void promote(Path dir, String name) throws IOException {
    Files.writeString(dir.resolve(ModelWatcher.PRODUCTION_POINTER), name + "\n");
  }

  /** A valid JSON model file whose intercept was changed after the checksum was computed. */
  static void writeCorrupted(Path file, LinearAutoregression m) throws IOException {
    save(file, m);
    String s = Files.readString(file, StandardCharsets.UTF_8);
    String flipped = s.replaceFirst("\"intercept\" : [-0-9.E]+", "\"intercept\" : 42.0");
    if (flipped.equals(s)) {
      throw new IllegalStateException("test setup: no intercept in " + s);
    }
    Files.writeString(file, flipped, StandardCharsets.UTF_8);
  }

  /** The first half of a valid model file. */
  static void writeTruncated(Path file, LinearAutoregression m) throws IOException {
    save(file, m);
    byte[] b = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(b, b.length / 2));
  }

  /** A valid model file of another kind. */
  static void writeOtherKind(Path file) throws IOException {
    var payload = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    payload.put("state", 4);
    ModelFile.write(file, "s4d", PROVENANCE, payload);
  }
}
