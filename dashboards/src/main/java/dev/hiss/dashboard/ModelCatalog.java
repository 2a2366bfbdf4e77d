package dev.hiss.dashboard;

import dev.hiss.model.io.ModelRegistry;
import dev.hiss.model.io.Provenance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models view: the entries of a {@link ModelRegistry} directory merged with the model versions
 * the predictions stream shows live.
 *
 * <p>The registry changes on register and promote, so it is re-read, but in bounded fashion: only
 * when the view is asked for, at most once per {@link #REFRESH}, and then only the entries' file
 * times and sizes are looked at; the entries themselves are read again only when one of those
 * changed. There is no file watcher. A model whose entries cannot be read keeps its last good view
 * and the error is reported with the view.
 *
 * <p>A registry version is live when a prediction carries its version: the scorer labels each
 * prediction with the first 12 hex digits of the model file's SHA-256, the registry stores the
 * whole checksum.
 *
 * <p>Training curves come from the provenance entries {@code metric.<name>} whose value is a list
 * of numbers ({@code [0.52, 0.31, ...]}, one per epoch, as {@code TrainHissJob} stores the train
 * and validation loss); {@code metric.bestEpoch} is the 0-based epoch that was kept.
 */
final class ModelCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(ModelCatalog.class);

  /** Shortest interval between two looks at the registry directory. */
  static final Duration REFRESH = Duration.ofSeconds(3);

  /** Registry versions shown (the newest of each model first). */
  static final int MAX_VERSIONS = 256;

  /** Points per training curve; longer ones are thinned evenly (first and last kept). */
  static final int MAX_CURVE_POINTS = 1000;

  private static final int MAX_CONFIG_ENTRIES = 40;
  private static final int MAX_TEXT = 256;
  private static final int MIN_VERSION_PREFIX = 8;

  private final Path dir;
  private final ModelRegistry registry;
  private final LongSupplier clockMs;
  private final long refreshMs;
  private boolean checked;
  private long checkedAtMs;
  private long readAtMs;
  private long reads;
  private String fingerprint = "";
  private String error;
  private List<Map<String, Object>> entries = List.of();

  /**
   * @param dir the registry directory; null: no registry (only the live versions are shown)
   * @param clockMs wall clock (ms)
   * @param refresh shortest interval between two looks at the directory
   */
  ModelCatalog(Path dir, LongSupplier clockMs, Duration refresh) {
    this.dir = dir;
    this.registry = dir == null ? null : new ModelRegistry(dir);
    this.clockMs = clockMs;
    this.refreshMs = refresh.toMillis();
  }

  /** How many times the entries were read in full (a bounded re-read reads rarely). */
  synchronized long reads() {
    return reads;
  }

  /**
   * The models view.
   *
   * @param live the versions seen in predictions ({@link DashboardStore#models()})
   * @return {@code {"registry": {dir, checkedAtMs, readAtMs, error, versions}, "models": [registry
   *     versions with their live statistics or null], "stream": [live versions with the registry
   *     version they are, or null]}}
   */
  synchronized Map<String, Object> view(List<Map<String, Object>> live) {
    refreshIfDue();
    List<Map<String, Object>> models = new ArrayList<>();
    List<Map<String, Object>> stream = new ArrayList<>();
    for (Map<String, Object> l : live) {
      Map<String, Object> s = new LinkedHashMap<>(l);
      s.put("registered", null);
      stream.add(s);
    }
    for (Map<String, Object> e : entries) {
      Map<String, Object> m = new LinkedHashMap<>(e);
      Map<String, Object> liveStats = null;
      for (Map<String, Object> s : stream) {
        if (isVersionOf((String) s.get("version"), (String) e.get("sha256"))) {
          liveStats = withoutRegistered(s);
          s.put(
              "registered",
              Map.of("name", e.get("name"), "version", e.get("version"), "stage", e.get("stage")));
        }
      }
      m.put("live", liveStats);
      models.add(m);
    }
    Map<String, Object> reg = new LinkedHashMap<>();
    reg.put("dir", dir == null ? null : dir.toAbsolutePath().toString());
    reg.put("checkedAtMs", checked ? checkedAtMs : null);
    reg.put("readAtMs", reads > 0 ? readAtMs : null);
    reg.put("error", error);
    reg.put("versions", entries.size());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("registry", reg);
    out.put("models", models);
    out.put("stream", stream);
    return out;
  }

  private static Map<String, Object> withoutRegistered(Map<String, Object> s) {
    Map<String, Object> m = new LinkedHashMap<>(s);
    m.remove("registered");
    return m;
  }

  static boolean isVersionOf(String liveVersion, String sha256) {
    return liveVersion != null
        && sha256 != null
        && liveVersion.length() >= MIN_VERSION_PREFIX
        && sha256.startsWith(liveVersion);
  }

  private void refreshIfDue() {
    long now = clockMs.getAsLong();
    if (registry == null || (checked && now - checkedAtMs < refreshMs)) {
      return;
    }
    checked = true;
    checkedAtMs = now;
    String print;
    try {
      print = fingerprint();
    } catch (IOException | RuntimeException e) {
      error = "cannot list " + dir + ": " + e;
      return;
    }
    if (print.equals(fingerprint) && reads > 0) {
      return;
    }
    fingerprint = print;
    read(now);
  }

  /** Names, versions, times and sizes of every entry and model file: cheap to compute. */
  private String fingerprint() throws IOException {
    if (!Files.isDirectory(dir)) {
      return "absent";
    }
    StringBuilder b = new StringBuilder();
    try (Stream<Path> names = Files.list(dir)) {
      for (Path n : names.filter(Files::isDirectory).sorted().toList()) {
        try (Stream<Path> vs = Files.list(n)) {
          for (Path v : vs.sorted().toList()) {
            for (String f : new String[] {"entry.json", "model.json"}) {
              Path p = v.resolve(f);
              if (Files.isRegularFile(p)) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                b.append(p).append(' ').append(a.lastModifiedTime().toMillis());
                b.append(' ').append(a.size()).append('\n');
              }
            }
          }
        }
      }
    }
    return b.toString();
  }

  private void read(long now) {
    List<Map<String, Object>> next = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    List<String> names = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> list = Files.list(dir)) {
        list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).forEach(names::add);
      } catch (IOException | RuntimeException e) {
        errors.add("cannot list " + dir + ": " + e);
      }
    }
    names.sort(Comparator.naturalOrder());
    for (String name : names) {
      try {
        List<ModelRegistry.Entry> versions = new ArrayList<>(registry.versions(name));
        versions.sort(Comparator.comparingInt(ModelRegistry.Entry::version).reversed());
        for (ModelRegistry.Entry e : versions) {
          next.add(entryView(e));
        }
      } catch (IOException | RuntimeException e) {
        errors.add(name + ": " + e.getMessage());
        entries.stream().filter(old -> name.equals(old.get("name"))).forEach(next::add);
      }
    }
    entries = List.copyOf(next.subList(0, Math.min(MAX_VERSIONS, next.size())));
    error = errors.isEmpty() ? null : String.join("; ", errors);
    if (error != null) {
      LOG.warn("Model registry {}: {}", dir, error);
    }
    reads++;
    readAtMs = now;
  }

  static Map<String, Object> entryView(ModelRegistry.Entry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", e.name());
    m.put("version", e.version());
    m.put("kind", e.kind());
    m.put("stage", e.stage().name());
    m.put("production", e.stage() == ModelRegistry.Stage.PRODUCTION);
    m.put("sha256", e.sha256());
    m.put("modelVersion", e.sha256().substring(0, Math.min(12, e.sha256().length())));
    m.put("registeredAt", e.registeredAt());
    m.put("stageChangedAt", e.stageChangedAt());
    Map<String, Object> metrics = new LinkedHashMap<>();
    e.metrics().forEach((k, v) -> metrics.put(k, DeviceState.finite(v)));
    m.put("metrics", metrics);
    Provenance p = e.provenance();
    Map<String, Object> curves = new LinkedHashMap<>();
    Map<String, Object> config = new LinkedHashMap<>();
    for (Map.Entry<String, String> c : p.config().entrySet()) {
      String k = c.getKey();
      if (k.startsWith("metric.")) {
        double[] curve = curve(c.getValue());
        if (curve != null) {
          curves.put(k.substring("metric.".length()), thin(curve));
        }
      } else if (!k.startsWith("norm.") && config.size() < MAX_CONFIG_ENTRIES) {
        config.put(k, cut(c.getValue()));
      }
    }
    m.put("curves", curves);
    Map<String, Object> prov = new LinkedHashMap<>();
    prov.put("trainedOn", cut(p.trainedOn()));
    prov.put("codeVersion", cut(p.codeVersion()));
    prov.put("createdAt", cut(p.createdAt()));
    prov.put("dataFrom", cut(p.dataFrom()));
    prov.put("dataTo", cut(p.dataTo()));
    prov.put("seed", p.seed());
    prov.put("config", config);
    m.put("provenance", prov);
    return m;
  }

  private static String cut(String s) {
    return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 1) + "…";
  }

  /**
   * A per-epoch history stored as a list of numbers ({@code "[0.5, 0.25]"}, as Java's {@code
   * List.toString} or JSON writes it); null if the text is not one.
   */
  static double[] curve(String text) {
    String t = text == null ? "" : text.trim();
    if (t.length() < 2 || t.charAt(0) != '[' || t.charAt(t.length() - 1) != ']') {
      return null;
    }
    String body = t.substring(1, t.length() - 1).trim();
    if (body.isEmpty()) {
      return null;
    }
    String[] parts = body.split(",");
    double[] v = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        v[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return v;
  }

  /** {@code {"epoch": [1-based epochs], "value": [...]}}, at most {@link #MAX_CURVE_POINTS}. */
  static Map<String, Object> thin(double[] v) {
    int n = Math.min(v.length, MAX_CURVE_POINTS);
    int[] epoch = new int[n];
    Double[] value = new Double[n];
    for (int i = 0; i < n; i++) {
      int src = n == v.length ? i : (int) Math.round((double) i * (v.length - 1) / (n - 1));
      epoch[i] = src + 1;
      value[i] = DeviceState.finite(v[src]);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epoch", epoch);
    m.put("value", value);
    return m;
  }
}
