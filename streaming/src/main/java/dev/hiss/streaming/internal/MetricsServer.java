package dev.hiss.streaming.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scorer's HTTP endpoint on the JDK's {@code com.sun.net.httpserver}: {@code GET /metrics}
 * answers the Prometheus text exposition, {@code GET /health} answers 200 while Kafka Streams is
 * {@code RUNNING} or {@code REBALANCING} and 503 otherwise, with the state as the body.
 */
public final class MetricsServer implements AutoCloseable {
  /** Content type of the Prometheus text format, version 0.0.4. */
  public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds and starts serving.
   *
   * @param address where to listen; port 0 picks a free port (see {@link #port()})
   * @param scrape the Prometheus text of every meter
   * @param state the current Kafka Streams state
   */
  public static MetricsServer start(
      InetSocketAddress address, Supplier<String> scrape, Supplier<KafkaStreams.State> state)
      throws IOException {
    HttpServer server = HttpServer.create(address, 0);
    server.createContext("/metrics", ex -> respond(ex, 200, PROMETHEUS_TEXT, scrape.get()));
    server.createContext(
        "/health",
        ex -> {
          KafkaStreams.State s = state.get();
          boolean up = s == KafkaStreams.State.RUNNING || s == KafkaStreams.State.REBALANCING;
          respond(ex, up ? 200 : 503, "text/plain; charset=utf-8", s + "\n");
        });
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "hiss-metrics-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.start();
    LOG.info("Metrics endpoint on http://{}:{}/metrics", address.getHostString(), port(server));
    return new MetricsServer(server, executor);
  }

  /** The bound port. */
  public int port() {
    return port(server);
  }

  private static int port(HttpServer server) {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange ex, int status, String contentType, String body)
      throws IOException {
    try (ex) {
      if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
        ex.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", contentType);
      boolean head = "HEAD".equals(ex.getRequestMethod());
      ex.sendResponseHeaders(status, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  /** Stops serving (waits at most one second for requests in flight). */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }
}
