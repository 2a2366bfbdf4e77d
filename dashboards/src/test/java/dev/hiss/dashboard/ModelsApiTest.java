package dev.hiss.dashboard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.model.io.ModelRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/models} over a real registry directory: its versions with metrics, training
 * curves, provenance and stage, merged with the versions the predictions carry.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ModelsApiTest {
  private static final long T0 = 1_767_225_600_000_000_000L;
  private static final String MARKUP = "<script>alert('x')</script>&<img src=x onerror=y>";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path tmp;
  private static Dashboard dashboard;
  private static ModelRegistry registry;
  private static ModelRegistry.Entry v1;
  private static ModelRegistry.Entry v2;

  @BeforeAll
  static void start() throws IOException {
    Path dir = tmp.resolve("registry");
    registry = new ModelRegistry(dir);
    v1 =
        RegistryFixture.register(
            registry, tmp, "ecg-hiss", List.of(0.9, 0.6, 0.5), List.of(1.0, 0.7, 0.8), Map.of());
    v2 =
        RegistryFixture.register(
            registry,
            tmp,
            "ecg-hiss",
            List.of(0.8, 0.4, 0.3, 0.2),
            List.of(0.9, 0.5, 0.45, 0.6),
            Map.of("task", MARKUP, "metric." + MARKUP, "1.5"));
    registry.promote("ecg-hiss", v2.version());
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    dashboard =
        Dashboard.start(
            DashboardConfig.defaults("127.0.0.1:" + closedPort)
                .withAddress("127.0.0.1", 0)
                .withRegistry(dir));
    DashboardStore store = dashboard.store();
    String live = v2.sha256().substring(0, 12);
    for (int i = 0; i < 10; i++) {
      store.onSensor(SensorEvent.of("ecg-0", T0 + i * 1_000_000L, i, "ecg_mV", i));
      store.onPrediction(
          new Prediction("ecg-0", i, T0 + i * 1_000_000L, i + 1, "ecg_mV", i + 0.25, live, 0));
      store.onPrediction(
          new Prediction(
              "ecg-1", i, T0 + i * 1_000_000L, i + 1, "ecg_mV", i, "ar-unregistered", 0));
    }
  }

  @AfterAll
  static void stop() {
    if (dashboard != null) {
      dashboard.close();
    }
  }

  private static HttpResponse<String> models() throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(dashboard.url() + "api/models")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("application/json; charset=utf-8", r.headers().firstValue("content-type").get());
    return r;
  }

  private static JsonNode version(JsonNode body, int version) {
    for (JsonNode m : body.get("models")) {
      if (m.get("name").asText().equals("ecg-hiss") && m.get("version").asInt() == version) {
        return m;
      }
    }
    throw new AssertionError("no version " + version + " in " + body);
  }

  @Test
  void listsRegistryVersionsWithMetricsCurvesAndProvenance() throws Exception {
    JsonNode body = JSON.readTree(models().body());
    assertTrue(body.get("registry").get("dir").asText().endsWith("registry"));
    assertTrue(body.get("registry").get("error").isNull());
    List<String> ecg = new java.util.ArrayList<>();
    body.get("models")
        .forEach(
            m -> {
              if (m.get("name").asText().equals("ecg-hiss")) {
                ecg.add("v" + m.get("version").asInt());
              }
            });
    assertEquals(List.of("v2", "v1"), ecg, "newest first");
    JsonNode m = version(body, 2);
    assertEquals("ecg-hiss", m.get("name").asText());
    assertEquals("test-model", m.get("kind").asText());
    assertEquals(v2.sha256(), m.get("sha256").asText());
    assertEquals(v2.sha256().substring(0, 12), m.get("modelVersion").asText());
    assertEquals(0.45, m.get("metrics").get("validationMse").asDouble());
    assertEquals(2, m.get("metrics").get("bestEpoch").asInt());
    JsonNode curve = m.get("curves").get("validationLoss");
    assertEquals("[1,2,3,4]", curve.get("epoch").toString());
    assertEquals("[0.9,0.5,0.45,0.6]", curve.get("value").toString());
    assertEquals("[0.8,0.4,0.3,0.2]", m.get("curves").get("trainLoss").get("value").toString());
    assertFalse(m.get("curves").has("bestEpoch"), "a number is a metric, not a curve");
    JsonNode prov = m.get("provenance");
    assertEquals("spark local[2]", prov.get("trainedOn").asText());
    assertEquals(42, prov.get("seed").asLong());
    assertEquals("2026-01-01T00:00:00Z", prov.get("dataFrom").asText());
    assertEquals("tiny", prov.get("config").get("preset").asText());
    assertFalse(prov.get("config").has("norm.ecg_mV.mean"), "normalisation constants left out");
    assertFalse(prov.get("config").has("metric.trainLoss"), "curves are not repeated");
  }

  @Test
  void marksTheProductionVersionAndWhatIsLive() throws Exception {
    JsonNode body = JSON.readTree(models().body());
    JsonNode prod = version(body, 2);
    JsonNode cand = version(body, 1);
    assertTrue(prod.get("production").asBoolean());
    assertEquals("PRODUCTION", prod.get("stage").asText());
    assertFalse(cand.get("production").asBoolean());
    assertEquals("CANDIDATE", cand.get("stage").asText());
    assertEquals(10, prod.get("live").get("predictions").asLong());
    assertEquals(9, prod.get("live").get("scored").asLong());
    assertTrue(cand.get("live").isNull());
    JsonNode stream = body.get("stream");
    assertEquals(2, stream.size());
    for (JsonNode s : stream) {
      if (s.get("version").asText().equals("ar-unregistered")) {
        assertTrue(s.get("registered").isNull());
      } else {
        assertEquals(v2.sha256().substring(0, 12), s.get("version").asText());
        assertEquals(2, s.get("registered").get("version").asInt());
        assertEquals("ecg-hiss", s.get("registered").get("name").asText());
      }
    }
  }

  @Test
  void markupInTheRegistryIsEscapedInTheJsonAndComesBackVerbatim() throws Exception {
    String raw = models().body();
    for (String c : new String[] {"<", ">", "&", "'"}) {
      assertFalse(raw.contains(c), "raw '" + c + "' in the response body");
    }
    assertTrue(raw.contains("\\u003Cscript\\u003E") || raw.contains("\\u003cscript\\u003e"), raw);
    JsonNode m = version(JSON.readTree(raw), 2);
    assertEquals(MARKUP, m.get("provenance").get("config").get("task").asText());
    assertEquals(1.5, m.get("metrics").get(MARKUP).asDouble());
  }

  @Test
  void aPromotionShowsWithinSeconds() throws Exception {
    ModelRegistry.Entry v3 =
        RegistryFixture.register(registry, tmp, "other", List.of(1.0), List.of(1.0), Map.of());
    registry.promote("other", v3.version());
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              JsonNode body = JSON.readTree(models().body());
              boolean found = false;
              for (JsonNode m : body.get("models")) {
                if (m.get("name").asText().equals("other")) {
                  found = m.get("production").asBoolean();
                }
              }
              assertTrue(found, body.toString());
            });
    // the ecg-hiss versions are untouched by another model's promotion
    assertTrue(version(JSON.readTree(models().body()), 2).get("production").asBoolean());
  }
}
