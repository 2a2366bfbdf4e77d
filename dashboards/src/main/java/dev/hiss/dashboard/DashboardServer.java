package dev.hiss.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The dashboard's HTTP server (the JDK's {@code com.sun.net.httpserver}): the page and its assets,
 * the REST API and the event stream. Only GET (and HEAD) is served.
 *
 * <pre>
 * GET /                         the page
 * GET /api/status               broker and server state
 * GET /api/devices?q=TEXT       device summaries (search by id or channel name)
 * GET /api/devices/{id}         one device's summary, series and alerts
 * GET /api/fleet                device counts, worst devices, error histogram
 * GET /api/models               model registry versions merged with those seen in predictions
 * GET /api/stream?device={id}   Server-Sent Events (see SseHub)
 * </pre>
 */
final class DashboardServer implements AutoCloseable {
  private static final String WEB = "/dev/hiss/dashboard/web/";
  private static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'"
          + " data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors"
          + " 'none'";

  private final DashboardStore store;
  private final Supplier<Map<String, Object>> status;
  private final Supplier<Map<String, Object>> models;
  private final SseHub hub;
  private final HttpServer server;
  private final ExecutorService executor;
  private final ObjectMapper mapper = Json.mapper();
  private final Map<String, String[]> assets = new HashMap<>();

  DashboardServer(
      DashboardConfig config,
      DashboardStore store,
      Supplier<Map<String, Object>> status,
      Supplier<Map<String, Object>> models,
      SseHub hub) {
    this.store = store;
    this.status = status;
    this.models = models;
    this.hub = hub;
    String uplot = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
    assets.put("/", new String[] {WEB + "index.html", "text/html; charset=utf-8"});
    assets.put("/static/app.js", new String[] {WEB + "app.js", "text/javascript; charset=utf-8"});
    assets.put("/static/views.js", new String[] {WEB + "views.js", "text/javascript"});
    assets.put("/static/chart.js", new String[] {WEB + "chart.js", "text/javascript"});
    assets.put("/static/models.js", new String[] {WEB + "models.js", "text/javascript"});
    assets.put("/static/app.css", new String[] {WEB + "app.css", "text/css; charset=utf-8"});
    assets.put(
        "/static/vendor/uPlot.js", new String[] {uplot + "uPlot.iife.min.js", "text/javascript"});
    assets.put("/static/vendor/uPlot.css", new String[] {uplot + "uPlot.min.css", "text/css"});
    try {
      server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
    }
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "dashboard-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  static String uplotVersion() {
    Properties p = new Properties();
    try (InputStream in = DashboardServer.class.getResourceAsStream("dashboard.properties")) {
      if (in == null) {
        throw new IllegalStateException("dashboard.properties missing from the classpath");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("uplot.version");
  }

  /** The port the server listens on. */
  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
      if (!method.equals("GET") && !method.equals("HEAD")) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        send(ex, 405, "text/plain; charset=utf-8", bytes("method not allowed"));
        return;
      }
      String path = ex.getRequestURI().getPath();
      Map<String, String> query;
      try {
        query = query(ex.getRequestURI().getRawQuery());
      } catch (IllegalArgumentException badEscape) {
        send(ex, 400, "text/plain; charset=utf-8", bytes("bad query string"));
        return;
      }
      if (path.equals("/api/stream")) {
        hub.serve(ex, blankToNull(query.get("device")));
      } else if (path.startsWith("/api/")) {
        api(ex, path.substring("/api/".length()), query);
      } else {
        asset(ex, path);
      }
    } catch (RuntimeException e) {
      send(ex, 500, "text/plain; charset=utf-8", bytes("internal error"));
      throw e;
    }
  }

  private void api(HttpExchange ex, String path, Map<String, String> q) throws IOException {
    Object body;
    if (path.equals("status")) {
      body = status.get();
    } else if (path.equals("devices")) {
      body = store.devices(q.get("q"), 0);
    } else if (path.startsWith("devices/") && path.length() > "devices/".length()) {
      String id = path.substring("devices/".length());
      Map<String, Object> series = store.series(id, new HashMap<>());
      if (series == null) {
        json(ex, 404, Map.of("error", "no such device", "id", id));
        return;
      }
      Map<String, Object> m = new LinkedHashMap<>(series);
      m.put(
          "summary",
          store.devices(null, 0).stream()
              .filter(d -> id.equals(d.get("id")))
              .findFirst()
              .orElse(null));
      body = m;
    } else if (path.equals("fleet")) {
      body = store.fleet(10);
    } else if (path.equals("models")) {
      body = models.get();
    } else {
      json(ex, 404, Map.of("error", "no such endpoint"));
      return;
    }
    json(ex, 200, body);
  }

  private void json(HttpExchange ex, int code, Object body) throws IOException {
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    send(ex, code, "application/json; charset=utf-8", mapper.writeValueAsBytes(body));
  }

  private void asset(HttpExchange ex, String path) throws IOException {
    String[] a = assets.get(path.equals("/index.html") ? "/" : path);
    InputStream in = a == null ? null : DashboardServer.class.getResourceAsStream(a[0]);
    if (in == null) {
      send(ex, 404, "text/plain; charset=utf-8", bytes("not found"));
      return;
    }
    byte[] body;
    try (in) {
      body = in.readAllBytes();
    }
    ex.getResponseHeaders().set("Content-Security-Policy", CSP);
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    send(ex, 200, a[1], body);
  }

  private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(code, head ? -1 : body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      ex.getResponseBody().write(body);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  static Map<String, String> query(String raw) {
    Map<String, String> m = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return m;
    }
    for (String kv : raw.split("&")) {
      int eq = kv.indexOf('=');
      String k = eq < 0 ? kv : kv.substring(0, eq);
      String v = eq < 0 ? "" : kv.substring(eq + 1);
      m.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return m;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
