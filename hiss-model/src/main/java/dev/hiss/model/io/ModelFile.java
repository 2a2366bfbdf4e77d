package dev.hiss.model.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The on-disk model format: one JSON document
 *
 * <pre>{@code
 * {"format":"hiss-model","formatVersion":1,"kind":"...","sha256":"...",
 *  "provenance":{...},"payload":{...}}
 * }</pre>
 *
 * <p>{@code sha256} is the SHA-256 of the canonical form (object keys sorted, no whitespace) of
 * {@code {"kind","provenance","payload"}}, so a flipped byte or a truncated file is refused on
 * load. Readers accept every {@code formatVersion} up to {@link #FORMAT_VERSION}; files of version
 * 1 are kept as test resources so that old models keep loading. Files are written atomically (temp
 * file, then rename).
 */
public final class ModelFile {
  /** The format version this code writes. */
  public static final int FORMAT_VERSION = 1;

  private static final String FORMAT = "hiss-model";
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper COMPACT = new ObjectMapper();

  /** A loaded, verified model file. */
  public record Loaded(String kind, Provenance provenance, JsonNode payload, String sha256) {}

  private ModelFile() {}

  /**
   * Writes a model file atomically.
   *
   * @return the file's checksum (hex SHA-256), which also identifies the model version
   */
  public static String write(Path file, String kind, Provenance provenance, JsonNode payload)
      throws IOException {
    ObjectNode body = body(kind, COMPACT.valueToTree(provenance), payload);
    String sha = sha256(body);
    ObjectNode root = COMPACT.createObjectNode();
    root.put("format", FORMAT);
    root.put("formatVersion", FORMAT_VERSION);
    root.put("kind", kind);
    root.put("sha256", sha);
    root.set("provenance", body.get("provenance"));
    root.set("payload", payload);
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    Files.write(tmp, MAPPER.writeValueAsBytes(root));
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return sha;
  }

  /**
   * Reads and verifies a model file.
   *
   * @param expectedKind the model kind the caller can use
   * @throws InvalidModelFileException if the file is not a model file, is of a newer format
   *     version, is of another kind, or fails its checksum
   */
  public static Loaded read(Path file, String expectedKind) throws IOException {
    JsonNode root;
    try {
      root = COMPACT.readTree(Files.readAllBytes(file));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidModelFileException(
          file, "not a complete JSON document (truncated or corrupted?)");
    }
    if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
      throw new InvalidModelFileException(file, "not a " + FORMAT + " file");
    }
    int version = root.path("formatVersion").asInt(-1);
    if (version < 1 || version > FORMAT_VERSION) {
      throw new InvalidModelFileException(
          file,
          "formatVersion = "
              + version
              + "; this build reads 1.."
              + FORMAT_VERSION
              + " (upgrade HiSS Forecast to read newer files)");
    }
    String kind = root.path("kind").asText();
    if (!kind.equals(expectedKind)) {
      throw new InvalidModelFileException(
          file, "kind = '" + kind + "'; expected '" + expectedKind + "'");
    }
    JsonNode prov = root.get("provenance");
    JsonNode payload = root.get("payload");
    if (prov == null || payload == null) {
      throw new InvalidModelFileException(file, "missing provenance or payload");
    }
    String actual = sha256(body(kind, prov, payload));
    String stored = root.path("sha256").asText();
    if (!actual.equals(stored)) {
      throw new InvalidModelFileException(
          file,
          "checksum mismatch (stored " + stored + ", computed " + actual + "): file corrupted");
    }
    Provenance provenance;
    try {
      provenance = COMPACT.treeToValue(prov, Provenance.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
      throw new InvalidModelFileException(file, "invalid provenance: " + e.getMessage());
    }
    return new Loaded(kind, provenance, payload, actual);
  }

  private static ObjectNode body(String kind, JsonNode provenance, JsonNode payload) {
    ObjectNode body = COMPACT.createObjectNode();
    body.put("kind", kind);
    body.set("provenance", provenance);
    body.set("payload", payload);
    return body;
  }

  static String sha256(JsonNode node) {
    try {
      byte[] canonical =
          COMPACT.writeValueAsString(canonical(node)).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("Cannot compute a model checksum", e);
    }
  }

  private static JsonNode canonical(JsonNode node) {
    if (node.isObject()) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        sorted.put(e.getKey(), canonical(e.getValue()));
      }
      ObjectNode out = COMPACT.createObjectNode();
      sorted.forEach(out::set);
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = COMPACT.createArrayNode();
      node.forEach(n -> out.add(canonical(n)));
      return out;
    }
    return node;
  }
}
