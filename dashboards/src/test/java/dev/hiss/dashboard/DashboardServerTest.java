package dev.hiss.dashboard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hiss.ingestion.Alert;
import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.SensorEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The HTTP API, the assets and the event stream, with the store fed directly and the broker address
 * pointing at a closed port (so the server must also report the broker down).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DashboardServerTest {
  private static final long T0 = 1_767_225_600_000_000_000L;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Dashboard dashboard;

  @BeforeAll
  static void start() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    dashboard =
        Dashboard.start(
            DashboardConfig.defaults("127.0.0.1:" + closedPort).withAddress("127.0.0.1", 0));
    DashboardStore store = dashboard.store();
    for (int i = 0; i < 20; i++) {
      store.onSensor(SensorEvent.of("ecg-0", T0 + i * 1_000_000L, i, "ecg_mV", i));
      store.onPrediction(
          new Prediction("ecg-0", i, T0 + i * 1_000_000L, i + 1, "ecg_mV", i + 0.5, "v7", 0));
    }
    store.onSensor(SensorEvent.of("pump:2", T0, 0, "<b>bar</b>", 1));
    // chunk forecasts of the mean of the next 4 samples, with a standard deviation: sample s = s
    for (int i = 0; i < 12; i++) {
      if (i == 3 || i == 7) {
        double mean = i == 3 ? 5.0 : 10.25; // the means are 5.5 and 9.5
        store.onPrediction(
            new Prediction("chunk-1", i, T0 + i * 1_000_000L, i + 4, "y", mean, "h1", 0, 4, 0.25));
      }
      store.onSensor(SensorEvent.of("chunk-1", T0 + i * 1_000_000L, i, "y", i));
    }
    // a quantile-head forecast on a channel of its own, never scored: an asymmetric 80% band
    store.onPrediction(quantileForecast("chunk-1", 11, "yq", 11.0, 12, 10.5, 11.0, 13.0));
    store.onAlert(new Alert("ecg-0", T0 + 5_000_000L, "spike", "<script>x</script>", 9));
  }

  /** A span-1 forecast with quantiles at levels 0.1, 0.5 and 0.9 (no stdDev). */
  private static Prediction quantileForecast(
      String device, long seq, String channel, double median, long targetSeq, double... q) {
    return new Prediction(
        device,
        seq,
        T0 + seq * 1_000_000L,
        targetSeq,
        channel,
        median,
        "q1",
        0,
        1,
        Double.NaN,
        new Prediction.Quantiles(new double[] {0.1, 0.5, 0.9}, q));
  }

  @AfterAll
  static void stop() {
    if (dashboard != null) {
      dashboard.close();
    }
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(dashboard.url() + path.substring(1))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode getJson(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = get(path);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("application/json; charset=utf-8", r.headers().firstValue("content-type").get());
    return JSON.readTree(r.body());
  }

  /** The status line for a request target that java.net.URI would refuse to build. */
  private static String rawStatusLine(String target) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), dashboard.port())) {
      s.getOutputStream()
          .write(
              ("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      return new BufferedReader(
              new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
    }
  }

  @Test
  void bindsLoopbackByDefault() {
    assertTrue(dashboard.url().startsWith("http://127.0.0.1:"), dashboard.url());
  }

  @Test
  void listsAndSearchesDevices() throws Exception {
    JsonNode all = getJson("/api/devices");
    assertEquals(3, all.size());
    JsonNode ecg = all.get(1);
    assertEquals("ecg-0", ecg.get("id").asText());
    assertEquals(19, ecg.get("lastSeq").asLong());
    assertEquals(0.5, ecg.get("meanAbsError").asDouble(), 1e-12);
    assertEquals(1, ecg.get("alertCount").asLong());
    JsonNode found = getJson("/api/devices?q=" + URLEncoder.encode("<B>", StandardCharsets.UTF_8));
    assertEquals(1, found.size());
    assertEquals("<b>bar</b>", found.get(0).get("channels").get(0).asText());
  }

  @Test
  void servesOneDeviceWithSeriesAndAlerts() throws Exception {
    JsonNode d = getJson("/api/devices/ecg-0");
    JsonNode ch = d.get("channels").get("ecg_mV");
    assertEquals(20, ch.get("raw").get("t").size());
    assertEquals(20, ch.get("forecast").get("v").size());
    assertEquals(19, ch.get("error").get("v").size());
    assertEquals("<script>x</script>", d.get("alerts").get(0).get("message").asText());
    assertEquals(19, d.get("summary").get("lastSeq").asLong());
    assertEquals(404, get("/api/devices/nope").statusCode());
    assertEquals(404, get("/api/nothing").statusCode());
    assertTrue(rawStatusLine("/api/devices?q=%zz").startsWith("HTTP/1.1 400"));
  }

  @Test
  void fleetAndModels() throws Exception {
    JsonNode fleet = getJson("/api/fleet");
    assertEquals(3, fleet.get("devices").asInt());
    // chunk-1's span forecasts are off by 0.625 on average, ecg-0's by 0.5
    assertEquals("chunk-1", fleet.get("worst").get(0).get("id").asText());
    assertEquals("ecg-0", fleet.get("worst").get(1).get("id").asText());
    JsonNode models = getJson("/api/models");
    assertTrue(models.get("registry").get("dir").isNull(), "no registry configured");
    assertEquals(0, models.get("models").size());
    JsonNode v7 = stream(models, "v7");
    assertEquals(20, v7.get("predictions").asLong());
    assertEquals(19, v7.get("scored").asLong());
    assertTrue(v7.get("registered").isNull());
    JsonNode h1 = stream(models, "h1");
    assertEquals(2, h1.get("scored").asLong());
    assertEquals(0.625, h1.get("meanAbsError").asDouble(), 1e-12);
  }

  private static JsonNode stream(JsonNode models, String version) {
    for (JsonNode m : models.get("stream")) {
      if (m.get("version").asText().equals(version)) {
        return m;
      }
    }
    throw new AssertionError("no " + version + " in " + models);
  }

  @Test
  void servesSpanForecastsWithTheirIntervalAndScoresThemAgainstTheSpanMean() throws Exception {
    JsonNode ch = getJson("/api/devices/chunk-1").get("channels").get("y");
    JsonNode f = ch.get("forecast");
    // drawn from the span's first sample (seq 4, 8) to its last (seq 7, 11)
    assertEquals(List.of(T0 + 7_000_000L, T0 + 11_000_000L), longs(f.get("t")));
    assertEquals(List.of(T0 + 4_000_000L, T0 + 8_000_000L), longs(f.get("from")));
    assertEquals(List.of(4L, 4L), longs(f.get("span")));
    double[] band = new Prediction("c", 3, T0, 7, "y", 5.0, "h1", 0, 4, 0.25).interval(0.9);
    assertEquals(band[0], f.get("lower").get(0).asDouble(), 1e-12);
    assertEquals(band[1], f.get("upper").get(0).asDouble(), 1e-12);
    assertEquals(10.25 + (band[1] - 5.0), f.get("upper").get(1).asDouble(), 1e-12);
    assertEquals(0.9, f.get("level").get(0).asDouble(), 0.0);
    // a quantile forecast: its 0.1 and 0.9 quantiles as sent, not symmetric about the median
    JsonNode q = getJson("/api/devices/chunk-1").get("channels").get("yq").get("forecast");
    assertEquals(11.0, q.get("v").get(0).asDouble(), 0.0);
    assertEquals(10.5, q.get("lower").get(0).asDouble(), 0.0);
    assertEquals(13.0, q.get("upper").get(0).asDouble(), 0.0);
    assertEquals(0.8, q.get("level").get(0).asDouble(), 0.0);
    // |5 - mean(4..7)| and |10.25 - mean(8..11)|, at the time of the span's last sample
    assertEquals(List.of(T0 + 7_000_000L, T0 + 11_000_000L), longs(ch.get("error").get("t")));
    assertEquals(0.5, ch.get("error").get("v").get(0).asDouble(), 0.0);
    assertEquals(0.75, ch.get("error").get("v").get(1).asDouble(), 0.0);
    // point forecasts carry no interval
    JsonNode ecg = getJson("/api/devices/ecg-0").get("channels").get("ecg_mV").get("forecast");
    assertTrue(ecg.get("lower").get(0).isNull());
    assertTrue(ecg.get("upper").get(0).isNull());
    assertTrue(ecg.get("level").get(0).isNull());
    assertEquals(ecg.get("t").get(0).asLong(), ecg.get("from").get(0).asLong());
  }

  private static List<Long> longs(JsonNode array) {
    List<Long> out = new java.util.ArrayList<>();
    array.forEach(n -> out.add(n.asLong()));
    return out;
  }

  @Test
  void reportsTheBrokerDown() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode broker = getJson("/api/status").get("broker");
              assertFalse(broker.get("up").asBoolean());
              assertFalse(broker.get("error").asText().isEmpty());
              assertFalse(broker.get("error").asText().equals("not checked yet"));
            });
  }

  @Test
  void servesThePageAndTheVendoredChartLibraryWithACsp() throws Exception {
    HttpResponse<String> page = get("/");
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("/static/vendor/uPlot.js"));
    assertTrue(
        page.headers().firstValue("content-security-policy").get().contains("script-src 'self'"));
    assertEquals("nosniff", page.headers().firstValue("x-content-type-options").get());
    HttpResponse<String> lib = get("/static/vendor/uPlot.js");
    assertEquals(200, lib.statusCode());
    assertTrue(lib.body().contains("uPlot"), "the WebJar's uPlot build");
    for (String asset : new String[] {"/static/app.js", "/static/views.js", "/static/chart.js"}) {
      assertEquals(200, get(asset).statusCode(), asset);
    }
    assertEquals(404, get("/static/../dashboard.properties").statusCode());
    HttpResponse<String> post =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(dashboard.url() + "api/devices"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(405, post.statusCode());
  }

  @Test
  void streamsStatusDevicesAndTheSelectedDevicesNewPoints() throws Exception {
    HttpResponse<Stream<String>> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(dashboard.url() + "api/stream?device=pump:2"))
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("content-type").get().startsWith("text/event-stream"));
    try (Stream<String> lines = r.body()) {
      Iterator<String> it = lines.iterator();
      JsonNode first = nextEvent(it, "series");
      assertEquals("pump:2", first.get("id").asText());
      assertEquals(1, first.get("channels").get("<b>bar</b>").get("raw").get("t").size());
      dashboard.store().onSensor(SensorEvent.of("pump:2", T0 + 99_000_000L, 99, "<b>bar</b>", 42));
      JsonNode next = nextEvent(it, "series");
      JsonNode raw = next.get("channels").get("<b>bar</b>").get("raw");
      assertEquals(1, raw.get("t").size(), "only the new point");
      assertEquals(42.0, raw.get("v").get(0).asDouble());
      assertEquals(0, next.get("alerts").size());
      // a quantile forecast reaches the page with its own lower and upper bounds and level
      dashboard
          .store()
          .onPrediction(quantileForecast("pump:2", 99, "<b>bar</b>", 40, 100, 39, 40, 44));
      JsonNode f = nextEvent(it, "series").get("channels").get("<b>bar</b>").get("forecast");
      while (f.get("t").isEmpty()) {
        f = nextEvent(it, "series").get("channels").get("<b>bar</b>").get("forecast");
      }
      assertEquals(1, f.get("t").size());
      assertEquals(40.0, f.get("v").get(0).asDouble(), 0.0);
      assertEquals(39.0, f.get("lower").get(0).asDouble(), 0.0);
      assertEquals(44.0, f.get("upper").get(0).asDouble(), 0.0);
      assertEquals(0.8, f.get("level").get(0).asDouble(), 0.0);
    }
  }

  private static JsonNode nextEvent(Iterator<String> it, String name) throws IOException {
    boolean inEvent = false;
    while (it.hasNext()) {
      String line = it.next();
      if (line.equals("event: " + name)) {
        inEvent = true;
      } else if (inEvent && line.startsWith("data: ")) {
        return JSON.readTree(line.substring("data: ".length()));
      }
    }
    throw new AssertionError("stream ended before a " + name + " event");
  }
}
