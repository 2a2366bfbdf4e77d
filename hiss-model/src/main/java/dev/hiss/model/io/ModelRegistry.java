package dev.hiss.model.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory of model versions, plain Java so that scorers can read it without Spark:
 *
 * <pre>{@code
 * <root>/<name>/v0001/model.json   the model file (verified on register and on every read)
 * <root>/<name>/v0001/entry.json   {"name","version","kind","sha256","stage","metrics",
 *                                   "registeredAt","stageChangedAt"}
 * }</pre>
 *
 * Versions are numbered from 1 per name. A new version is a {@link Stage#CANDIDATE}; {@link
 * #promote} makes one version {@link Stage#PRODUCTION} and archives the previous production
 * version. Metrics are the model's provenance entries {@code metric.<name>} that are numbers, plus
 * any given on registration. Files are written atomically (temp file, then rename); one writer at a
 * time per registry.
 */
public final class ModelRegistry {

  /** The lifecycle stage of a version. */
  public enum Stage {
    /** Registered, not serving. */
    CANDIDATE,
    /** The version scorers load. At most one per name. */
    PRODUCTION,
    /** A former production version. */
    ARCHIVED
  }

  /**
   * One registered version.
   *
   * @param name model name
   * @param version version number, from 1
   * @param kind model-file kind
   * @param sha256 the model file's checksum
   * @param stage lifecycle stage
   * @param metrics numeric metrics (sorted by name)
   * @param provenance the model file's provenance
   * @param registeredAt ISO-8601 registration time
   * @param stageChangedAt ISO-8601 time of the last stage change
   * @param file the stored model file
   */
  public record Entry(
      String name,
      int version,
      String kind,
      String sha256,
      Stage stage,
      Map<String, Double> metrics,
      Provenance provenance,
      String registeredAt,
      String stageChangedAt,
      Path file) {}

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path root;

  /**
   * A registry rooted at a directory (created on first registration).
   *
   * @param root the registry directory
   */
  public ModelRegistry(Path root) {
    if (root == null) {
      throw new IllegalArgumentException("Invalid root = null");
    }
    this.root = root;
  }

  /**
   * Registers a copy of a model file as the next version of {@code name}, stage candidate.
   *
   * @param name model name: letters, digits, '.', '_', '-', at most 100 characters
   * @param modelFile a valid model file (checksum verified)
   * @param extraMetrics metrics to record besides the provenance's {@code metric.*}
   * @return the new entry
   * @throws IOException on read/write failure
   * @throws InvalidModelFileException if the file is not a valid model file
   */
  public Entry register(String name, Path modelFile, Map<String, Double> extraMetrics)
      throws IOException {
    checkName(name);
    JsonNode head = new ObjectMapper().readTree(Files.readAllBytes(modelFile));
    String kind = head == null ? "" : head.path("kind").asText();
    ModelFile.Loaded loaded = ModelFile.read(modelFile, kind);
    Map<String, Double> metrics = new TreeMap<>();
    loaded
        .provenance()
        .config()
        .forEach(
            (k, v) -> {
              if (k.startsWith("metric.")) {
                try {
                  metrics.put(k.substring("metric.".length()), Double.parseDouble(v));
                } catch (NumberFormatException e) {
                  // not a number (e.g. a loss history): kept in the provenance only
                }
              }
            });
    metrics.putAll(extraMetrics);
    Map<String, Double> frozen = Collections.unmodifiableMap(metrics);
    int version = versions(name).stream().mapToInt(Entry::version).max().orElse(0) + 1;
    Path dir = root.resolve(name).resolve(String.format(Locale.ROOT, "v%04d", version));
    Files.createDirectories(dir);
    Path stored = dir.resolve("model.json");
    Path tmp = Files.createTempFile(dir, "model.json", ".tmp");
    Files.copy(modelFile, tmp, StandardCopyOption.REPLACE_EXISTING);
    Files.move(tmp, stored, StandardCopyOption.ATOMIC_MOVE);
    String now = Instant.now().toString();
    Entry e =
        new Entry(
            name,
            version,
            kind,
            loaded.sha256(),
            Stage.CANDIDATE,
            frozen,
            loaded.provenance(),
            now,
            now,
            stored);
    writeEntry(dir, e);
    return e;
  }

  /** Every version of every model, by name then version. */
  public List<Entry> list() throws IOException {
    List<Entry> out = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (Stream<Path> names = Files.list(root)) {
      for (Path n : names.filter(Files::isDirectory).sorted().toList()) {
        out.addAll(versions(n.getFileName().toString()));
      }
    }
    return out;
  }

  /** The versions of one model, by version. */
  public List<Entry> versions(String name) throws IOException {
    checkName(name);
    Path dir = root.resolve(name);
    List<Entry> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> vs = Files.list(dir)) {
      for (Path v : vs.filter(p -> Files.isRegularFile(p.resolve("entry.json"))).toList()) {
        out.add(readEntry(v));
      }
    }
    out.sort(Comparator.comparingInt(Entry::version));
    return out;
  }

  /**
   * One version, its model file verified against the registered checksum.
   *
   * @throws IllegalArgumentException if there is no such version
   * @throws InvalidModelFileException if the stored file is corrupt or was replaced
   */
  public Entry get(String name, int version) throws IOException {
    Entry e =
        versions(name).stream()
            .filter(x -> x.version() == version)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "No version " + version + " of model '" + name + "' in " + root));
    ModelFile.Loaded loaded = ModelFile.read(e.file(), e.kind());
    if (!loaded.sha256().equals(e.sha256())) {
      throw new InvalidModelFileException(
          e.file(), "checksum " + loaded.sha256() + " differs from the registered " + e.sha256());
    }
    return e;
  }

  /** The production version of a model, if any. */
  public Optional<Entry> production(String name) throws IOException {
    return versions(name).stream().filter(e -> e.stage() == Stage.PRODUCTION).findFirst();
  }

  /**
   * Makes a version the production version; the previous production version becomes archived.
   *
   * @return the promoted entry
   */
  public Entry promote(String name, int version) throws IOException {
    Entry target = get(name, version);
    String now = Instant.now().toString();
    for (Entry e : versions(name)) {
      if (e.stage() == Stage.PRODUCTION && e.version() != version) {
        writeEntry(e.file().getParent(), withStage(e, Stage.ARCHIVED, now));
      }
    }
    Entry promoted = withStage(target, Stage.PRODUCTION, now);
    writeEntry(target.file().getParent(), promoted);
    return promoted;
  }

  private static Entry withStage(Entry e, Stage stage, String now) {
    return new Entry(
        e.name(),
        e.version(),
        e.kind(),
        e.sha256(),
        stage,
        e.metrics(),
        e.provenance(),
        e.registeredAt(),
        now,
        e.file());
  }

  private static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Invalid model name = '" + name + "'; use letters, digits, '.', '_', '-' (max 100)");
    }
  }

  private static void writeEntry(Path dir, Entry e) throws IOException {
    ObjectNode o = JSON.createObjectNode();
    o.put("name", e.name());
    o.put("version", e.version());
    o.put("kind", e.kind());
    o.put("sha256", e.sha256());
    o.put("stage", e.stage().name());
    ObjectNode m = o.putObject("metrics");
    e.metrics().forEach(m::put);
    o.put("registeredAt", e.registeredAt());
    o.put("stageChangedAt", e.stageChangedAt());
    Path tmp = Files.createTempFile(dir, "entry.json", ".tmp");
    Files.write(tmp, JSON.writeValueAsBytes(o));
    Files.move(
        tmp,
        dir.resolve("entry.json"),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  private static Entry readEntry(Path dir) throws IOException {
    JsonNode o = JSON.readTree(Files.readAllBytes(dir.resolve("entry.json")));
    Map<String, Double> metrics = new TreeMap<>();
    o.path("metrics")
        .fields()
        .forEachRemaining(f -> metrics.put(f.getKey(), f.getValue().asDouble()));
    Path file = dir.resolve("model.json");
    String kind = o.path("kind").asText();
    Provenance provenance = ModelFile.read(file, kind).provenance();
    return new Entry(
        o.path("name").asText(),
        o.path("version").asInt(),
        kind,
        o.path("sha256").asText(),
        Stage.valueOf(o.path("stage").asText()),
        Collections.unmodifiableMap(metrics),
        provenance,
        o.path("registeredAt").asText(),
        o.path("stageChangedAt").asText(),
        file);
  }
}
