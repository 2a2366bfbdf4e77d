package dev.hiss.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A running dashboard: the Kafka feed filling the {@link DashboardStore}, the HTTP server with the
 * page, the REST API and the event stream. Start with {@link #start}, stop with {@link #close}.
 */
public final class Dashboard implements AutoCloseable {
  private final DashboardConfig config;
  private final DashboardStore store;
  private final KafkaFeed feed;
  private final SseHub hub;
  private final ModelCatalog catalog;
  private final DashboardServer server;
  private final long startedMs = System.currentTimeMillis();

  private Dashboard(DashboardConfig config) {
    this.config = config;
    this.store = new DashboardStore(config);
    this.feed = new KafkaFeed(config, store);
    this.hub = new SseHub(store, this::status, config.tick().toMillis());
    this.catalog =
        new ModelCatalog(config.registry(), System::currentTimeMillis, ModelCatalog.REFRESH);
    DashboardServer s;
    try {
      s = new DashboardServer(config, store, this::status, this::models, hub);
    } catch (RuntimeException e) {
      hub.close();
      feed.close();
      throw e;
    }
    this.server = s;
  }

  /** Starts the feed and the server; returns once the server listens. */
  public static Dashboard start(DashboardConfig config) {
    return new Dashboard(config);
  }

  /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
  public String url() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return "http://" + host + ":" + server.port() + "/";
  }

  /** The port the server listens on. */
  public int port() {
    return server.port();
  }

  /** The store (for tests and embedding). */
  public DashboardStore store() {
    return store;
  }

  /** The models view, as {@code /api/models} sends it (see {@link ModelCatalog#view}). */
  public Map<String, Object> models() {
    return catalog.view(store.models());
  }

  /** Broker and server state, as {@code /api/status} and the stream's status event send it. */
  public Map<String, Object> status() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("serverTimeMs", System.currentTimeMillis());
    m.put("startedMs", startedMs);
    m.put("broker", feed.status());
    m.put("devices", store.deviceCount());
    m.put("rejected", store.rejections());
    m.put("streams", hub == null ? 0 : hub.clients());
    Map<String, Object> topics = new LinkedHashMap<>();
    topics.put("sensors", config.sensorsTopic());
    topics.put("predictions", config.predictionsTopic());
    topics.put("truth", config.truthTopic());
    topics.put("alerts", config.alertsTopic());
    m.put("topics", topics);
    m.put("registry", config.registry() == null ? null : config.registry().toString());
    Map<String, Object> bounds = new LinkedHashMap<>();
    bounds.put("pointsPerSeries", config.pointsPerSeries());
    bounds.put("retentionSeconds", config.retention().toSeconds());
    bounds.put("maxDevices", config.maxDevices());
    bounds.put("staleAfterMs", config.staleAfter().toMillis());
    m.put("bounds", bounds);
    return m;
  }

  @Override
  public void close() {
    server.close();
    hub.close();
    feed.close();
  }
}
