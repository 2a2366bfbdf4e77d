package dev.hiss.streaming.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.ingestion.ValidationRule;
import dev.hiss.streaming.ScorerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP endpoint over a real socket: Prometheus text of the scorer's meters, and health. */
class MetricsServerTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicReference<KafkaStreams.State> state =
      new AtomicReference<>(KafkaStreams.State.CREATED);
  private final HttpClient http = HttpClient.newHttpClient();
  private MetricsServer server;

  @BeforeEach
  void setUp() throws Exception {
    server =
        MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), registry::scrape, state::get);
  }

  @AfterEach
  void tearDown() {
    server.close();
    registry.close();
  }

  private HttpResponse<String> get(String path, String method) throws Exception {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return http.send(r, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesEveryScorerMeterInThePrometheusTextFormat() throws Exception {
    ScorerMetrics m = new ScorerMetrics(registry);
    m.modelInService("v1", false);
    m.scored(2_000);
    m.scored(3_000);
    m.scored(400_000);
    m.predicted(System.currentTimeMillis() - 2_000);
    m.trackDevices(() -> 7);
    m.deadLettered(ValidationRule.JSON_SYNTAX);
    m.modelInService("v2", true);
    HttpResponse<String> r = get("/metrics", "GET");
    assertEquals(200, r.statusCode());
    assertEquals(
        MetricsServer.PROMETHEUS_TEXT, r.headers().firstValue("Content-Type").orElseThrow());
    String body = r.body();
    for (String line :
        new String[] {
          "hiss_scorer_events_scored_total 3.0",
          "hiss_scorer_predictions_total 1.0",
          "hiss_scorer_dead_lettered_total{rule=\"JSON_SYNTAX\"} 1.0",
          "hiss_scorer_dead_lettered_total{rule=\"DUPLICATE_SEQUENCE\"} 0.0",
          "hiss_scorer_model{version=\"v2\"} 1.0",
          "hiss_scorer_model_swaps_total 1.0",
          "hiss_scorer_model_refused_total 0.0",
          "hiss_scorer_scoring_latency_seconds_count 3",
          "hiss_scorer_end_to_end_latency_seconds_count 1",
          "hiss_scorer_device_states 7.0",
        }) {
      assertTrue(body.contains(line + "\n"), () -> "missing '" + line + "' in\n" + body);
    }
    assertTrue(body.contains("hiss_scorer_scoring_latency_seconds_bucket{le="), body);
    assertTrue(body.contains("hiss_scorer_end_to_end_latency_seconds_bucket{le="), body);
    assertTrue(!body.contains("version=\"v1\""), "the previous model's gauge is gone");
  }

  @Test
  void healthIsUpOnlyWhileRunningOrRebalancing() throws Exception {
    for (KafkaStreams.State s : KafkaStreams.State.values()) {
      state.set(s);
      HttpResponse<String> r = get("/health", "GET");
      boolean up = s == KafkaStreams.State.RUNNING || s == KafkaStreams.State.REBALANCING;
      assertEquals(up ? 200 : 503, r.statusCode(), s.name());
      assertEquals(s.name() + "\n", r.body());
    }
    assertEquals(405, get("/metrics", "POST").statusCode());
    assertEquals(404, get("/other", "GET").statusCode());
  }
}
