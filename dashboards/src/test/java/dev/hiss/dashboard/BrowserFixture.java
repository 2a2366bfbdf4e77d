package dev.hiss.dashboard;

import dev.hiss.ingestion.Alert;
import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.broker.EmbeddedKafkaBroker;
import dev.hiss.ingestion.replay.FleetReplay;
import dev.hiss.ingestion.replay.Recording;
import dev.hiss.model.io.ModelRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The live system the browser suite (src/test/browser) drives: an embedded broker, a dashboard on a
 * free port with a model registry, and a real-time replay of the bundled ECG as 3 devices with
 * predictions (linear extrapolation) and ground truth for ecg-0, plus device {@code probe-1} whose
 * channel name is markup ({@value #MARKUP_CHANNEL}) to prove that data never becomes markup, and
 * device {@code once-1} that sends one event at the start (it must turn stale), and device {@code
 * chunk-1} (the ECG of ecg-0) with probabilistic chunk forecasts as a HiSS scorer writes them:
 * every {@value #CHUNK} samples, the mean of the next {@value #CHUNK} samples (span {@value
 * #CHUNK}, predicted by the mean of the last {@value #CHUNK}) with a standard deviation, and device
 * {@code quant-1} (the same signal) with the same forecasts as a quantile-head model writes them:
 * quantiles at levels 0.1, 0.5 and 0.9, skewed up (the 0.9 quantile {@value #SKEW} times as far
 * above the median as the 0.1 quantile is below it), so the page must draw an asymmetric 80% band.
 *
 * <p>The registry holds {@value #MODEL} v1 (production, markup in its provenance) and v2
 * (candidate), both with per-epoch train and validation loss. Devices 0 and 1 are predicted with
 * v1's version (its checksum prefix), device 2 with the unregistered {@value
 * #UNREGISTERED_VERSION}.
 *
 * <p>Prints {@code DASHBOARD_URL <url>} and {@code LIVE_VERSION <v1's version>} once serving.
 * Commands on stdin, one per line: {@code alert DEVICE KIND MESSAGE...} (an alert at the device's
 * newest event time), {@code pause} and {@code resume} (SIGSTOP / SIGCONT the broker: the broker is
 * "down" while paused), {@code promote NAME VERSION} (in the registry), {@code server-stop} and
 * {@code server-start} (close the dashboard; start a fresh one on the same port), {@code quit}.
 */
public final class BrowserFixture {
  static final String MARKUP_CHANNEL = "<img src=x onerror=\"window.__xss='channel'\">";
  static final String MARKUP_PROVENANCE = "<img src=x onerror=\"window.__xss='provenance'\">";
  static final String MODEL = "ecg-linear";
  static final String UNREGISTERED_VERSION = "linear-extrapolation-v2";
  static final String CHUNK_VERSION = "chunk-mean-v1";
  static final String QUANTILE_VERSION = "chunk-quantile-v1";
  static final int CHUNK = 8;
  static final int SKEW = 4;
  private static final int DEVICES = 3;

  private BrowserFixture() {}

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("hiss-browser-fixture");
    Path registryDir = work.resolve("registry");
    ModelRegistry registry = new ModelRegistry(registryDir);
    // two versions with per-epoch curves; v1 (production) is what devices 0 and 1 are scored with
    ModelRegistry.Entry v1 =
        RegistryFixture.register(
            registry,
            work,
            MODEL,
            List.of(0.9, 0.5, 0.35, 0.3, 0.28),
            List.of(1.0, 0.6, 0.45, 0.5, 0.55),
            Map.of("task", MARKUP_PROVENANCE));
    RegistryFixture.register(
        registry, work, MODEL, List.of(0.8, 0.4, 0.3), List.of(0.9, 0.5, 0.42), Map.of());
    registry.promote(MODEL, v1.version());
    String liveVersion = v1.sha256().substring(0, 12);
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(1)) {
      broker.createTopics(
          1, List.of(Topics.SENSORS, Topics.PREDICTIONS, Topics.TRUTH, Topics.ALERTS));
      DashboardConfig config =
          DashboardConfig.defaults(broker.bootstrapServers())
              .withAddress("127.0.0.1", 0)
              .withBounds(1500, Duration.ofMinutes(5), 100)
              .withRegistry(registryDir);
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
      p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
      p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
      p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
      AtomicReference<Dashboard> dashboard = new AtomicReference<>(Dashboard.start(config));
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
        Map<String, Long> newestNs = new ConcurrentHashMap<>();
        DashboardStore firstStore = dashboard.get().store();
        Thread once = new Thread(() -> sendOnce(producer, firstStore), "fixture-once");
        once.setDaemon(true);
        once.start();
        Thread replay = new Thread(() -> replay(producer, newestNs, liveVersion), "fixture-replay");
        replay.setDaemon(true);
        replay.start();
        System.out.println("DASHBOARD_URL " + dashboard.get().url());
        System.out.println("LIVE_VERSION " + liveVersion);
        System.out.flush();
        Fixture f =
            new Fixture(
                producer,
                newestNs,
                registry,
                dashboard,
                config.withAddress("127.0.0.1", dashboard.get().port()));
        commands(f);
      } finally {
        Dashboard d = dashboard.get();
        if (d != null) {
          d.close();
        }
      }
    } finally {
      deleteTree(work);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** What the stdin commands act on. */
  private record Fixture(
      KafkaProducer<String, byte[]> producer,
      Map<String, Long> newestNs,
      ModelRegistry registry,
      AtomicReference<Dashboard> dashboard,
      DashboardConfig samePort) {}

  private static void replay(
      KafkaProducer<String, byte[]> producer, Map<String, Long> newestNs, String liveVersion) {
    long startNs = System.currentTimeMillis() * 1_000_000L;
    FleetReplay fleet = new FleetReplay(Recording.bundledEcg(), DEVICES, 0, "ecg", startNs);
    double[] truthState = new double[DEVICES];
    long startMs = System.currentTimeMillis();
    long sent = 0;
    try {
      while (sent < fleet.samplesPerDevice()) {
        long due =
            Math.min(fleet.samplesPerDevice(), (System.currentTimeMillis() - startMs) * 360 / 1000);
        for (; sent < due; sent++) {
          for (int d = 0; d < DEVICES; d++) {
            SensorEvent e = fleet.event(d, sent);
            send(producer, Topics.SENSORS, e.deviceId(), SensorEventCodec.encode(e));
            newestNs.put(e.deviceId(), e.timestampNs());
            double x = fleet.value(d, sent);
            double prev = sent > 0 ? fleet.value(d, sent - 1) : x;
            String model = d == 2 ? UNREGISTERED_VERSION : liveVersion;
            Prediction pr =
                new Prediction(
                    e.deviceId(),
                    sent,
                    e.timestampNs(),
                    sent + 1,
                    "ecg_mV",
                    2 * x - prev,
                    model,
                    1000);
            send(producer, Topics.PREDICTIONS, e.deviceId(), pr.encode());
            if (d == 0) {
              truthState[d] = sent == 0 ? x : 0.8 * truthState[d] + 0.2 * x;
              SensorEvent t =
                  SensorEvent.of(e.deviceId(), e.timestampNs(), sent, "ecg_mV", truthState[d]);
              send(producer, Topics.TRUTH, e.deviceId(), SensorEventCodec.encode(t));
            }
          }
          chunkDevice(producer, fleet, sent, "chunk-1");
          chunkDevice(producer, fleet, sent, "quant-1");
          if (sent % 36 == 0) {
            long t = startNs + sent * 1_000_000_000L / 360;
            SensorEvent probe =
                SensorEvent.of("probe-1", t, sent / 36, MARKUP_CHANNEL, Math.sin(sent / 200.0));
            send(producer, Topics.SENSORS, probe.deviceId(), SensorEventCodec.encode(probe));
            newestNs.put(probe.deviceId(), t);
          }
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Device chunk-1 (or quant-1): ecg-0's signal, and at the end of every chunk a forecast of the
   * next chunk's mean (the last chunk's mean) with the last chunk's standard deviation σ (at least
   * 0.05 mV); quant-1 sends quantiles instead: the mean − σ/2, the mean, the mean + {@value
   * #SKEW}σ/2.
   */
  private static void chunkDevice(
      KafkaProducer<String, byte[]> producer, FleetReplay fleet, long s, String id) {
    SensorEvent e0 = fleet.event(0, s);
    SensorEvent e = SensorEvent.of(id, e0.timestampNs(), s, "ecg_mV", fleet.value(0, s));
    send(producer, Topics.SENSORS, id, SensorEventCodec.encode(e));
    if (s % CHUNK != CHUNK - 1) {
      return;
    }
    double sum = 0;
    double sumSq = 0;
    for (long i = s - CHUNK + 1; i <= s; i++) {
      double v = fleet.value(0, i);
      sum += v;
      sumSq += v * v;
    }
    double mean = sum / CHUNK;
    double sd = Math.max(0.05, Math.sqrt(Math.max(0, sumSq / CHUNK - mean * mean)));
    Prediction p =
        id.equals("quant-1")
            ? new Prediction(
                id,
                s,
                e.timestampNs(),
                s + CHUNK,
                "ecg_mV",
                mean,
                QUANTILE_VERSION,
                1000,
                CHUNK,
                Double.NaN,
                new Prediction.Quantiles(
                    new double[] {0.1, 0.5, 0.9},
                    new double[] {mean - sd / 2, mean, mean + SKEW * sd / 2}))
            : new Prediction(
                id, s, e.timestampNs(), s + CHUNK, "ecg_mV", mean, CHUNK_VERSION, 1000, CHUNK, sd);
    send(producer, Topics.PREDICTIONS, id, p.encode());
  }

  /**
   * One event only, sent once the dashboard consumes (it reads from the latest offset): the page
   * must turn this device stale after staleAfter (10 s) of silence.
   */
  private static void sendOnce(KafkaProducer<String, byte[]> producer, DashboardStore store) {
    try {
      while (store.deviceCount() == 0) {
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    SensorEvent e = SensorEvent.of("once-1", System.currentTimeMillis() * 1_000_000L, 0, "x", 1);
    send(producer, Topics.SENSORS, e.deviceId(), SensorEventCodec.encode(e));
  }

  private static void send(
      KafkaProducer<String, byte[]> producer, String topic, String key, byte[] v) {
    try {
      producer.send(new ProducerRecord<>(topic, key, v));
    } catch (RuntimeException e) {
      System.err.println("fixture: send failed (broker paused?): " + e);
    }
  }

  private static void commands(Fixture f) throws IOException, InterruptedException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String[] w = line.trim().split(" ", 4);
      try {
        command(f, w);
      } catch (RuntimeException | IOException | ExecutionException e) {
        System.out.println("ERR " + e);
      }
      if (w[0].equals("quit")) {
        return;
      }
      System.out.flush();
    }
  }

  private static void command(Fixture f, String[] w)
      throws IOException, InterruptedException, ExecutionException {
    switch (w[0]) {
      case "alert" -> {
        long t = f.newestNs().getOrDefault(w[1], System.currentTimeMillis() * 1_000_000L);
        Alert a = new Alert(w[1], t, w[2], w.length > 3 ? w[3] : "", 1.5);
        f.producer().send(new ProducerRecord<>(Topics.ALERTS, a.deviceId(), a.encode())).get();
        System.out.println("OK alert");
      }
      case "pause", "resume" -> {
        long pid = brokerPid().orElseThrow(() -> new IllegalStateException("no broker process"));
        String signal = w[0].equals("pause") ? "-STOP" : "-CONT";
        new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start().waitFor();
        System.out.println("OK " + w[0]);
      }
      case "promote" -> {
        f.registry().promote(w[1], Integer.parseInt(w[2]));
        System.out.println("OK promote");
      }
      case "server-stop" -> {
        Dashboard d = f.dashboard().getAndSet(null);
        if (d != null) {
          d.close();
        }
        System.out.println("OK server-stop");
      }
      case "server-start" -> {
        f.dashboard().set(startOnSamePort(f.samePort()));
        System.out.println("OK server-start");
      }
      case "quit" -> System.out.println("OK quit");
      default -> System.out.println("ERR unknown command " + w[0]);
    }
  }

  /** A fresh dashboard (new store, new feed) on the port the page knows. */
  private static Dashboard startOnSamePort(DashboardConfig config) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      try {
        return Dashboard.start(config);
      } catch (java.io.UncheckedIOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200); // the port may still be held for a moment
      }
    }
  }

  private static Optional<Long> brokerPid() {
    return ProcessHandle.current()
        .descendants()
        .map(ProcessHandle::pid)
        .filter(BrowserFixture::isBroker)
        .findFirst();
  }

  private static boolean isBroker(long pid) {
    try {
      byte[] cmd = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      return new String(cmd, StandardCharsets.UTF_8).contains("kafka.Kafka");
    } catch (IOException e) {
      return false;
    }
  }
}
