package dev.hiss.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Server-Sent Events: every {@code tick}, each connected browser gets a {@code status} event
 * (broker and server state), a {@code devices} event with the device summaries changed since its
 * last one, and, when it follows a device, a {@code series} event with that device's new points. A
 * new connection starts from nothing, so its first events carry the full picture; a browser that
 * reconnects (EventSource does so by itself) is thus always consistent.
 *
 * <p>A browser that falls {@value #QUEUE} events behind is disconnected (it reconnects and starts
 * afresh) rather than let its queue grow.
 */
final class SseHub implements AutoCloseable {
  static final int QUEUE = 64;
  static final int MAX_CLIENTS = 32;
  private static final long KEEPALIVE_MS = 10_000;
  private static final String CLOSE = "";

  private final DashboardStore store;
  private final Supplier<Map<String, Object>> status;
  private final ObjectMapper mapper = Json.mapper();
  private final Set<Client> clients = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService ticker;

  private static final class Client {
    final String deviceId;
    final Map<String, Long> cursors = new HashMap<>();
    final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
    long devicesStamp;
    long seriesStamp = -1;

    Client(String deviceId) {
      this.deviceId = deviceId;
    }
  }

  SseHub(DashboardStore store, Supplier<Map<String, Object>> status, long tickMs) {
    this.store = store;
    this.status = status;
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "dashboard-sse-tick");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleAtFixedRate(this::tick, tickMs, tickMs, TimeUnit.MILLISECONDS);
  }

  int clients() {
    return clients.size();
  }

  private void tick() {
    try {
      String statusEvent = event("status", status.get());
      long stamp = store.stamp();
      for (Client c : clients) {
        offer(c, statusEvent);
        if (stamp != c.devicesStamp) {
          List<Map<String, Object>> changed = store.devices(null, c.devicesStamp);
          c.devicesStamp = stamp;
          offer(c, event("devices", changed));
        }
        if (c.deviceId != null && stamp != c.seriesStamp) {
          c.seriesStamp = stamp;
          Map<String, Object> series = store.series(c.deviceId, c.cursors);
          if (series != null) {
            offer(c, event("series", series));
          }
        }
      }
    } catch (RuntimeException e) {
      // never let one bad tick cancel the schedule
      org.slf4j.LoggerFactory.getLogger(SseHub.class).warn("SSE tick failed", e);
    }
  }

  private void offer(Client c, String event) {
    if (!c.queue.offer(event)) {
      clients.remove(c);
      c.queue.clear();
      c.queue.offer(CLOSE);
    }
  }

  private String event(String name, Object data) {
    try {
      return "event: " + name + "\ndata: " + mapper.writeValueAsString(data) + "\n\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize " + name, e);
    }
  }

  /** Serves one {@code /api/stream} request until the browser goes away. */
  void serve(HttpExchange ex, String deviceId) throws IOException {
    if (clients.size() >= MAX_CLIENTS) {
      byte[] body = "too many streams".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(503, body.length);
      ex.getResponseBody().write(body);
      ex.close();
      return;
    }
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(200, 0);
    Client c = new Client(deviceId);
    clients.add(c);
    try (OutputStream out = ex.getResponseBody()) {
      out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      while (true) {
        String msg = c.queue.poll(KEEPALIVE_MS, TimeUnit.MILLISECONDS);
        if (msg != null && msg.isEmpty()) { // CLOSE
          break;
        }
        out.write((msg == null ? ": keepalive\n\n" : msg).getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException e) {
      // the browser went away
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      clients.remove(c);
      ex.close();
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    for (Client c : clients) {
      c.queue.clear();
      c.queue.offer(CLOSE);
    }
    clients.clear();
  }
}
