package dev.hiss.dashboard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hiss.ingestion.Alert;
import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.broker.EmbeddedKafkaBroker;
import dev.hiss.ingestion.replay.FleetReplay;
import dev.hiss.ingestion.replay.Recording;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real broker: the bundled ECG replayed as 3 devices, a persistence forecast for every sample and
 * one alert; the REST API must show exactly that (counts, the forecast error computed from the
 * replayed values, the model), and the stream must deliver the history and then only new points.
 */
@Tag("integration")
@Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DashboardIntegrationTest {
  private static final long T0 = 1_767_225_600_000_000_000L;
  private static final int DEVICES = 3;
  private static final int SAMPLES = 200;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static EmbeddedKafkaBroker broker;
  private static Dashboard dashboard;
  private static KafkaProducer<String, byte[]> producer;
  private static FleetReplay fleet;

  @BeforeAll
  static void start() throws Exception {
    broker = EmbeddedKafkaBroker.start(2);
    broker.createTopics(2, List.of(Topics.SENSORS, Topics.PREDICTIONS, Topics.ALERTS));
    dashboard =
        Dashboard.start(
            DashboardConfig.defaults(broker.bootstrapServers())
                .withAddress("127.0.0.1", 0)
                .withFromBeginning(true));
    producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer());
    fleet = new FleetReplay(Recording.bundledEcg(), DEVICES, SAMPLES, "ecg", T0);
    fleet.sendAll(broker.bootstrapServers(), Topics.SENSORS);
    for (int d = 0; d < DEVICES; d++) {
      for (int s = 0; s + 1 < SAMPLES; s++) {
        Prediction p =
            new Prediction(
                fleet.deviceId(d),
                s,
                fleet.event(d, s).timestampNs(),
                s + 1,
                "ecg_mV",
                fleet.value(d, s),
                "persistence-1",
                100);
        producer.send(new ProducerRecord<>(Topics.PREDICTIONS, p.deviceId(), p.encode()));
      }
    }
    Alert a = new Alert("ecg-1", T0 + 1_000_000L, "threshold", "over 1 mV", 1.2);
    producer.send(new ProducerRecord<>(Topics.ALERTS, a.deviceId(), a.encode()));
    byte[] broken = "{broken".getBytes(StandardCharsets.UTF_8);
    producer.send(new ProducerRecord<>(Topics.ALERTS, "ecg-1", broken)).get();
  }

  @AfterAll
  static void stop() {
    if (producer != null) {
      producer.close();
    }
    if (dashboard != null) {
      dashboard.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  private static JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(dashboard.url() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  private static double persistenceMae(int d) {
    double sum = 0;
    for (int s = 0; s + 1 < SAMPLES; s++) {
      sum += Math.abs(fleet.value(d, s) - fleet.value(d, s + 1));
    }
    return sum / (SAMPLES - 1);
  }

  @Test
  void restApiShowsTheReplayedFleet() {
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              JsonNode devices = get("api/devices?q=ecg");
              assertEquals(DEVICES, devices.size());
              for (int d = 0; d < DEVICES; d++) {
                JsonNode s = devices.get(d);
                assertEquals(fleet.deviceId(d), s.get("id").asText());
                assertEquals(SAMPLES - 1, s.get("lastSeq").asLong());
                assertEquals(SAMPLES - 1, s.get("predictions").asLong());
                assertEquals(persistenceMae(d), s.get("meanAbsError").asDouble(), 1e-9);
              }
              assertEquals(1, devices.get(1).get("alertCount").asLong());
              assertEquals(1, get("api/status").get("rejected").get("count").asLong());
            });
    JsonNode status = assertUp();
    assertEquals(Topics.ALERTS, status.get("topics").get("alerts").asText());
  }

  private static JsonNode assertUp() {
    JsonNode[] status = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              status[0] = get("api/status");
              assertTrue(status[0].get("broker").get("up").asBoolean());
            });
    return status[0];
  }

  @Test
  void modelsAndOneDevicesSeries() throws Exception {
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              JsonNode stream = get("api/models").get("stream");
              assertEquals("persistence-1", stream.get(0).get("version").asText());
              assertEquals(DEVICES * (SAMPLES - 1), stream.get(0).get("scored").asLong());
            });
    JsonNode d = get("api/devices/ecg-2");
    JsonNode raw = d.get("channels").get("ecg_mV").get("raw");
    assertEquals(SAMPLES, raw.get("t").size());
    assertEquals(fleet.value(2, SAMPLES - 1), raw.get("v").get(SAMPLES - 1).asDouble(), 0);
  }

  @Test
  void streamDeliversHistoryThenOnlyLivePoints() throws Exception {
    for (int s = 0; s < 5; s++) {
      send(SensorEvent.of("live-0", T0 + s * 1_000_000L, s, "x", s));
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> assertEquals(4L, dashboard.store().devices("live-0", 0).get(0).get("lastSeq")));
    HttpResponse<Stream<String>> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(dashboard.url() + "api/stream?device=live-0"))
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    try (Stream<String> lines = r.body()) {
      Iterator<String> it = lines.iterator();
      JsonNode history = nextSeries(it);
      assertEquals(5, history.get("channels").get("x").get("raw").get("t").size());
      long t = T0 + 10_000_000_000L;
      send(SensorEvent.of("live-0", t, 5, "x", 7.5));
      JsonNode raw;
      do {
        raw = nextSeries(it).get("channels").get("x").get("raw");
      } while (raw.get("t").size() == 0);
      assertEquals(1, raw.get("t").size(), "only the new point");
      assertEquals(t, raw.get("t").get(0).asLong());
      assertEquals(7.5, raw.get("v").get(0).asDouble());
    }
  }

  private static void send(SensorEvent e) throws Exception {
    producer
        .send(new ProducerRecord<>(Topics.SENSORS, e.deviceId(), SensorEventCodec.encode(e)))
        .get();
  }

  private static JsonNode nextSeries(Iterator<String> it) throws IOException {
    boolean inEvent = false;
    while (it.hasNext()) {
      String line = it.next();
      if (line.equals("event: series")) {
        inEvent = true;
      } else if (inEvent && line.startsWith("data: ")) {
        return JSON.readTree(line.substring("data: ".length()));
      }
    }
    throw new AssertionError("stream ended");
  }
}
