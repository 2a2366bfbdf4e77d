package dev.hiss.dashboard;

import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.broker.EmbeddedKafkaBroker;
import dev.hiss.ingestion.replay.FleetReplay;
import dev.hiss.ingestion.replay.Recording;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The live system the browser suite (src/test/browser) drives: an embedded broker, a dashboard on a
 * free port, and a real-time replay of the bundled ECG as 3 devices with predictions (linear
 * extrapolation, two model versions) and ground truth for ecg-0, plus device {@code probe-1} whose
 * channel name is markup ({@value #MARKUP_CHANNEL}) to prove that data never becomes markup, and
 * device {@code once-1} that sends one event at the start (it must turn stale).
 *
 * <p>Prints {@code DASHBOARD_URL <url>} once serving. Commands on stdin, one per line: {@code alert
 * DEVICE KIND MESSAGE...} (an alert at the device's newest event time), {@code pause} and {@code
 * resume} (SIGSTOP / SIGCONT the broker: the broker is "down" while paused), {@code quit}.
 */
public final class BrowserFixture {
  static final String MARKUP_CHANNEL = "<img src=x onerror=\"window.__xss='channel'\">";
  private static final int DEVICES = 3;

  private BrowserFixture() {}

  public static void main(String[] args) throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(1)) {
      broker.createTopics(
          1, List.of(Topics.SENSORS, Topics.PREDICTIONS, Topics.TRUTH, Alert.TOPIC));
      DashboardConfig config =
          DashboardConfig.defaults(broker.bootstrapServers())
              .withAddress("127.0.0.1", 0)
              .withBounds(1500, Duration.ofMinutes(5), 100);
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
      p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
      p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
      p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
      try (Dashboard dashboard = Dashboard.start(config);
          KafkaProducer<String, byte[]> producer =
              new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
        Map<String, Long> newestNs = new ConcurrentHashMap<>();
        Thread once = new Thread(() -> sendOnce(producer, dashboard.store()), "fixture-once");
        once.setDaemon(true);
        once.start();
        Thread replay = new Thread(() -> replay(producer, newestNs), "fixture-replay");
        replay.setDaemon(true);
        replay.start();
        System.out.println("DASHBOARD_URL " + dashboard.url());
        System.out.flush();
        commands(producer, newestNs);
      }
    }
  }

  private static void replay(KafkaProducer<String, byte[]> producer, Map<String, Long> newestNs) {
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
            String model = d == 2 ? "linear-extrapolation-v2" : "linear-extrapolation-v1";
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

  private static void commands(KafkaProducer<String, byte[]> producer, Map<String, Long> newestNs)
      throws IOException, InterruptedException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String[] w = line.trim().split(" ", 4);
      try {
        command(producer, newestNs, w);
      } catch (RuntimeException | IOException | ExecutionException e) {
        System.out.println("ERR " + e);
      }
      if (w[0].equals("quit")) {
        return;
      }
      System.out.flush();
    }
  }

  private static void command(
      KafkaProducer<String, byte[]> producer, Map<String, Long> newestNs, String[] w)
      throws IOException, InterruptedException, ExecutionException {
    switch (w[0]) {
      case "alert" -> {
        long t = newestNs.getOrDefault(w[1], System.currentTimeMillis() * 1_000_000L);
        Alert a = new Alert(w[1], t, w[2], w.length > 3 ? w[3] : "", 1.5);
        producer.send(new ProducerRecord<>(Alert.TOPIC, a.deviceId(), a.encode())).get();
        System.out.println("OK alert");
      }
      case "pause", "resume" -> {
        long pid = brokerPid().orElseThrow(() -> new IllegalStateException("no broker process"));
        String signal = w[0].equals("pause") ? "-STOP" : "-CONT";
        new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start().waitFor();
        System.out.println("OK " + w[0]);
      }
      case "quit" -> System.out.println("OK quit");
      default -> System.out.println("ERR unknown command " + w[0]);
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
