package dev.hiss.ops.demo;

import dev.hiss.dashboard.Dashboard;
import dev.hiss.dashboard.DashboardConfig;
import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.replay.FleetReplay;
import dev.hiss.ingestion.replay.Recording;
import dev.hiss.ingestion.replay.ReplayRunner;
import dev.hiss.streaming.AnomalySettings;
import dev.hiss.streaming.Scorer;
import dev.hiss.streaming.ScorerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code ./hiss demo --serve}: after the batch part, the product as it runs in production — a live
 * real-time replay of the recording as new devices, the exactly-once scorer with anomaly alerts,
 * and the dashboard — until Ctrl-C, which stops everything cleanly.
 */
final class LiveDemo {
  private LiveDemo() {}

  static void serve(
      DemoPipeline.Options o,
      LinearAutoregression model,
      String version,
      int port,
      Consumer<String> say) {
    ScorerConfig sc =
        new ScorerConfig(
            o.bootstrapServers(),
            "hiss-scorer-live" + o.topicSuffix(),
            o.sensors(),
            o.predictions(),
            o.deadLetter(),
            o.chunkSize(),
            o.workDir().resolve("scorer-state-live"),
            o.alerts(),
            AnomalySettings.DEFAULT,
            ScorerConfig.DEFAULT_DEVICE_TTL);
    Scorer scorer = Scorer.start(sc, model, version);
    DashboardConfig dc =
        new DashboardConfig(
            o.bootstrapServers(),
            "127.0.0.1",
            port,
            2048,
            Duration.ofMinutes(10),
            10_000,
            16,
            256,
            Duration.ofMillis(250),
            Duration.ofSeconds(10),
            false,
            o.sensors(),
            o.predictions(),
            Topics.TRUTH + o.topicSuffix(),
            o.alerts(),
            o.registry(),
            Map.of());
    Dashboard dashboard = Dashboard.start(dc);
    CountDownLatch stop = new CountDownLatch(1);
    Thread replay =
        new Thread(
            () -> {
              FleetReplay live =
                  new FleetReplay(
                      Recording.bundledEcg(),
                      4,
                      0,
                      "live",
                      Instant.now().toEpochMilli() * 1_000_000L);
              try {
                ReplayRunner.run(
                    live.toDeviceSeries(),
                    Collections.nCopies(4, o.sensors()),
                    o.bootstrapServers(),
                    1.0,
                    0,
                    null,
                    new Properties());
              } catch (IllegalStateException e) {
                if (stop.getCount() > 0) {
                  say.accept("live replay stopped: " + e.getMessage());
                }
              }
            },
            "hiss-live-replay");
    replay.setDaemon(true);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop.countDown();
                  dashboard.close();
                  scorer.close();
                },
                "hiss-demo-stop"));
    replay.start();
    say.accept("dashboard: " + dashboard.url() + "  (live replay of 4 devices; Ctrl-C stops)");
    try {
      while (!stop.await(5, TimeUnit.SECONDS)) {
        String m = scorer.scrape();
        say.accept(
            String.format(
                "live: %,.0f events scored, %,.0f predictions, %,.0f alerts, %,.0f dead letters,"
                    + " %s devices on the dashboard",
                metric(m, "hiss_scorer_events_scored_total"),
                metric(m, "hiss_scorer_predictions_total"),
                metric(m, "hiss_scorer_alerts_total"),
                metric(m, "hiss_scorer_dead_lettered_total"),
                dashboard.status().get("devices")));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sums the samples of one Prometheus metric (over its labels) in a scrape. */
  static double metric(String scrape, String name) {
    double sum = 0;
    for (String line : scrape.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        String v = line.substring(line.lastIndexOf(' ') + 1);
        try {
          sum += Double.parseDouble(v);
        } catch (NumberFormatException ignored) {
          // not a sample line
        }
      }
    }
    return sum;
  }
}
