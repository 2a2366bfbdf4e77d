package dev.hiss.streaming;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.model.hiss.HissModelFile;
import dev.hiss.model.io.InvalidModelFileException;
import dev.hiss.model.io.ModelFile;
import dev.hiss.model.io.ModelRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model in service, swapped without a restart when its source changes.
 *
 * <p>The source is a model file (autoregression or HiSS), or a directory: a {@link ModelRegistry}
 * whose production version is served (so {@code ./hiss models promote} reaches running scorers at
 * the next poll), or any directory whose {@value #PRODUCTION_POINTER} file holds the name of the
 * model file to serve (the pointer wins when both exist). {@link #check()} (called every poll
 * interval once {@link #start} ran) loads the file the source points at; a file with a checksum
 * other than the served version's replaces the model atomically, so that stream threads see the
 * swap between two records. A file that is corrupted, truncated, of another kind, not a valid
 * autoregression or for another channel is refused with a log line, and the previous model keeps
 * serving. Per-device state carries over when the new model has the same order, and re-warms
 * otherwise (see {@link ScoringModel#sameWindowAs}).
 */
public final class ModelWatcher implements Supplier<ScoringModel>, AutoCloseable {
  /** Name of the pointer file in a model registry directory. */
  public static final String PRODUCTION_POINTER = "production";

  private static final Logger LOG = LoggerFactory.getLogger(ModelWatcher.class);

  private final Path source;
  private final ScorerMetrics metrics;
  private final AtomicReference<ScoringModel> current = new AtomicReference<>();
  private byte[] lastExamined = new byte[0];
  private ScheduledExecutorService poller;

  private ModelWatcher(Path source, ScorerMetrics metrics) {
    this.source = source;
    this.metrics = metrics;
  }

  /**
   * Loads the model {@code source} points at; the scorer cannot start without one.
   *
   * @throws IOException if the source is missing or the model file is refused
   */
  public static ModelWatcher open(Path source, ScorerMetrics metrics) throws IOException {
    ModelWatcher w = new ModelWatcher(source, metrics);
    Path file = w.resolve();
    byte[] bytes = Files.readAllBytes(file);
    ScoringModel m = load(file);
    w.lastExamined = digest(bytes);
    w.current.set(m);
    metrics.modelInService(m.version(), false);
    LOG.atInfo()
        .addKeyValue("modelVersion", m.version())
        .addKeyValue("kind", m.hiss() != null ? "hiss" : "linear-autoregression")
        .log("Serving model {} from {}", m.version(), file);
    return w;
  }

  /** The model in service. */
  @Override
  public ScoringModel get() {
    return current.get();
  }

  /** Checks the source every {@code interval} on a daemon thread until {@link #close()}. */
  public synchronized void start(Duration interval) {
    if (poller != null) {
      throw new IllegalStateException("Already started");
    }
    poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "hiss-model-watcher");
              t.setDaemon(true);
              return t;
            });
    long ms = interval.toMillis();
    poller.scheduleWithFixedDelay(this::check, ms, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * Looks at the source once; swaps in a new valid model. Never throws: problems are logged and
   * counted, and the previous model keeps serving.
   *
   * @return whether the model in service changed
   */
  public synchronized boolean check() {
    Path file;
    byte[] bytes;
    try {
      file = resolve();
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      LOG.warn("Model source {} unreadable; keeping model {}: {}", source, get().version(), e);
      return false;
    }
    byte[] digest = digest(bytes);
    if (Arrays.equals(digest, lastExamined)) {
      return false; // nothing new (also: a refused file is logged once, not every poll)
    }
    lastExamined = digest;
    ScoringModel old = get();
    ScoringModel next;
    try {
      next = load(file);
      if (!next.targetChannel().equals(old.targetChannel())) {
        throw new InvalidModelFileException(
            file,
            "incompatible: forecasts channel '"
                + next.targetChannel()
                + "', the scorer serves '"
                + old.targetChannel()
                + "'");
      }
    } catch (IOException e) {
      metrics.modelRefused();
      LOG.atWarn()
          .addKeyValue("modelVersion", old.version())
          .log("{}; keeping model {}", e.getMessage(), old.version());
      return false;
    }
    if (next.version().equals(old.version())) {
      return false;
    }
    current.set(next);
    metrics.modelInService(next.version(), true);
    LOG.atInfo()
        .addKeyValue("modelVersion", next.version())
        .addKeyValue("previousVersion", old.version())
        .log(
            "Model swapped {} -> {} from {}; device state {}",
            old.version(),
            next.version(),
            file,
            old.sameWindowAs(next) ? "carried over (same order)" : "re-warms (order changed)");
    return true;
  }

  /** Stops polling. */
  @Override
  public synchronized void close() {
    if (poller != null) {
      poller.shutdownNow();
      poller = null;
    }
  }

  private Path resolve() throws IOException {
    if (!Files.isDirectory(source)) {
      return source;
    }
    if (!Files.exists(source.resolve(PRODUCTION_POINTER))) {
      return registryProduction();
    }
    String name =
        Files.readString(source.resolve(PRODUCTION_POINTER), StandardCharsets.UTF_8).trim();
    if (name.isEmpty()) {
      throw new IOException("Empty pointer file " + source.resolve(PRODUCTION_POINTER));
    }
    return source.resolve(name);
  }

  /**
   * The production version's file in a {@link ModelRegistry} directory ({@code ./hiss models
   * promote} changes it): the registry must hold exactly one model name with a production version.
   */
  private Path registryProduction() throws IOException {
    List<ModelRegistry.Entry> production =
        new ModelRegistry(source)
            .list().stream().filter(e -> e.stage() == ModelRegistry.Stage.PRODUCTION).toList();
    if (production.isEmpty()) {
      throw new IOException(
          "Model registry "
              + source
              + " has no production version (promote one with ./hiss models promote NAME"
              + " VERSION) and no "
              + PRODUCTION_POINTER
              + " pointer file");
    }
    if (production.size() > 1) {
      throw new IOException(
          "Model registry "
              + source
              + " has production versions of several models ("
              + production.stream().map(e -> e.name() + " v" + e.version()).toList()
              + "); write the file to serve into "
              + source.resolve(PRODUCTION_POINTER));
    }
    return production.get(0).file();
  }

  /**
   * Loads a model file; whatever is wrong with it, even a payload whose checksum matches but whose
   * content the model classes trip over, is an {@link InvalidModelFileException}.
   */
  private static ScoringModel load(Path file) throws IOException {
    try {
      return loadUnchecked(file);
    } catch (RuntimeException e) {
      // a crafted file with a valid checksum: never let it escape into the poller thread, where an
      // exception would silently cancel every later check
      throw new InvalidModelFileException(file, "invalid model: " + e);
    }
  }

  private static ScoringModel loadUnchecked(Path file) throws IOException {
    String kind;
    try {
      kind =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(file.toFile())
              .path("kind")
              .asText();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidModelFileException(
          file, "not a complete JSON document (truncated or corrupted?)");
    }
    if (HissModelFile.KIND.equals(kind)) {
      ModelFile.Loaded meta = ModelFile.read(file, HissModelFile.KIND);
      String inputs = meta.provenance().config().get("inputChannels");
      String target = meta.provenance().config().get("targetChannel");
      if (inputs == null || target == null) {
        throw new InvalidModelFileException(
            file, "HiSS model without inputChannels/targetChannel in its provenance");
      }
      try {
        return ScoringModel.hiss(
            new HissServing(HissModelFile.loadForecaster(file), List.of(inputs.split(",")), target),
            meta.sha256().substring(0, 12));
      } catch (IllegalArgumentException e) {
        throw new InvalidModelFileException(file, "invalid HiSS model: " + e.getMessage());
      }
    }
    ModelFile.Loaded loaded = ModelFile.read(file, LinearAutoregression.KIND);
    try {
      return new ScoringModel(
          LinearAutoregression.fromPayload(loaded.payload()), loaded.sha256().substring(0, 12));
    } catch (IllegalArgumentException e) {
      throw new InvalidModelFileException(file, "invalid payload: " + e.getMessage());
    }
  }

  private static byte[] digest(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
