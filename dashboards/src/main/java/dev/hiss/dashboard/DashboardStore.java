package dev.hiss.dashboard;

import dev.hiss.ingestion.Alert;
import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.SensorEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Everything the dashboard shows, in bounded memory: one {@link DeviceState} per device (at most
 * {@link DashboardConfig#maxDevices()}, the device heard from longest ago is forgotten first) and
 * per-model statistics of the predictions. Written by the Kafka feed, read by the HTTP handlers.
 */
public final class DashboardStore {
  private static final int MAX_MODELS = 64;
  private static final int HISTOGRAM_BINS = 12;

  private final DashboardConfig config;
  private final LongSupplier clockMs;
  private final Map<String, DeviceState> devices = new ConcurrentHashMap<>();
  private final Map<String, ModelStats> models = new LinkedHashMap<>();
  private final AtomicLong stamp = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private volatile String lastRejection = "";

  /** Counts of one model version. */
  private static final class ModelStats {
    long predictions;
    long scored;
    double absErrorSum;
    long firstSeenMs;
    long lastSeenMs;
    final Map<String, Boolean> devices = new HashMap<>();
  }

  /**
   * @param config bounds of the buffers
   * @param clockMs wall clock (ms) used for "last seen" and staleness
   */
  public DashboardStore(DashboardConfig config, LongSupplier clockMs) {
    this.config = config;
    this.clockMs = clockMs;
  }

  /** A store on the system clock. */
  public DashboardStore(DashboardConfig config) {
    this(config, System::currentTimeMillis);
  }

  private DeviceState device(String id) {
    DeviceState d = devices.get(id);
    if (d != null) {
      return d;
    }
    synchronized (devices) {
      while (devices.size() >= config.maxDevices()) {
        devices.values().stream()
            .min(Comparator.comparingLong(DeviceState::lastReceivedMs))
            .ifPresent(oldest -> devices.remove(oldest.id()));
      }
      return devices.computeIfAbsent(id, k -> new DeviceState(k, config));
    }
  }

  /** A raw sample from the sensors topic. */
  public void onSensor(SensorEvent e) {
    for (DeviceState.Scored s : device(e.deviceId()).onSensor(e, now(), stamp.incrementAndGet())) {
      scored(s);
    }
  }

  /** A ground-truth sample. */
  public void onTruth(SensorEvent e) {
    device(e.deviceId()).onTruth(e, stamp.incrementAndGet());
  }

  /** A forecast from the predictions topic. */
  public void onPrediction(Prediction p) {
    DeviceState.Scored s = device(p.deviceId()).onPrediction(p, now(), stamp.incrementAndGet());
    synchronized (models) {
      ModelStats m = models.get(p.modelVersion());
      if (m == null && models.size() < MAX_MODELS) {
        m = new ModelStats();
        m.firstSeenMs = now();
        models.put(p.modelVersion(), m);
      }
      if (m != null) {
        m.predictions++;
        m.lastSeenMs = now();
        if (m.devices.size() < config.maxDevices()) {
          m.devices.put(p.deviceId(), Boolean.TRUE);
        }
      }
    }
    if (s != null) {
      scored(s);
    }
  }

  private void scored(DeviceState.Scored s) {
    synchronized (models) {
      ModelStats m = models.get(s.model());
      if (m != null) {
        m.scored++;
        m.absErrorSum += s.absError();
      }
    }
  }

  /** An alert. */
  public void onAlert(Alert a) {
    device(a.deviceId()).onAlert(a, stamp.incrementAndGet());
  }

  /** A record that could not be decoded (counted and shown, never fatal). */
  public void onRejected(String topic, String reason) {
    rejected.incrementAndGet();
    lastRejection = topic + ": " + reason;
  }

  private long now() {
    return clockMs.getAsLong();
  }

  /** The newest modification stamp (increases with every update). */
  public long stamp() {
    return stamp.get();
  }

  /** Number of devices held. */
  public int deviceCount() {
    return devices.size();
  }

  /**
   * Device summaries, sorted by id.
   *
   * @param query case-insensitive substring of the id or a channel name; null or empty: all
   * @param sinceStamp only devices changed after this stamp (0: all)
   */
  public List<Map<String, Object>> devices(String query, long sinceStamp) {
    String q = query == null ? "" : query.toLowerCase(Locale.ROOT);
    long now = now();
    List<Map<String, Object>> out = new ArrayList<>();
    for (DeviceState d : devices.values()) {
      if (d.version() <= sinceStamp) {
        continue;
      }
      Map<String, Object> s = d.summary(now);
      if (q.isEmpty() || matches(s, q)) {
        out.add(s);
      }
    }
    out.sort(Comparator.comparing(m -> (String) m.get("id")));
    return out;
  }

  private static boolean matches(Map<String, Object> summary, String q) {
    if (((String) summary.get("id")).toLowerCase(Locale.ROOT).contains(q)) {
      return true;
    }
    for (Object ch : (List<?>) summary.get("channels")) {
      if (ch.toString().toLowerCase(Locale.ROOT).contains(q)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A device's series since the reader's cursors (advanced in place); null if unknown.
   *
   * @see DeviceState#series(Map)
   */
  public Map<String, Object> series(String deviceId, Map<String, Long> cursors) {
    DeviceState d = devices.get(deviceId);
    return d == null ? null : d.series(cursors);
  }

  /** The fleet view: counts, the worst devices by mean absolute error, and its histogram. */
  public Map<String, Object> fleet(int worst) {
    long now = now();
    List<Map<String, Object>> all = devices(null, 0);
    List<Map<String, Object>> scored = new ArrayList<>();
    long stale = 0;
    long alerts = 0;
    for (Map<String, Object> s : all) {
      stale += Boolean.TRUE.equals(s.get("stale")) ? 1 : 0;
      alerts += (Long) s.get("alertCount");
      if (s.get("meanAbsError") != null) {
        scored.add(s);
      }
    }
    scored.sort(Comparator.comparingDouble(m -> -((Double) m.get("meanAbsError"))));
    double max = scored.isEmpty() ? 0 : (Double) scored.get(0).get("meanAbsError");
    long[] counts = new long[HISTOGRAM_BINS];
    double width = max > 0 ? max / HISTOGRAM_BINS : 1;
    for (Map<String, Object> s : scored) {
      int bin = (int) Math.min(HISTOGRAM_BINS - 1, (Double) s.get("meanAbsError") / width);
      counts[bin]++;
    }
    double[] edges = new double[HISTOGRAM_BINS + 1];
    for (int i = 0; i <= HISTOGRAM_BINS; i++) {
      edges[i] = i * width;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("serverTimeMs", now);
    m.put("devices", all.size());
    m.put("stale", stale);
    m.put("alerts", alerts);
    m.put("worst", scored.subList(0, Math.min(worst, scored.size())));
    m.put("histogram", Map.of("edges", edges, "counts", counts));
    return m;
  }

  /** The models view: every model version seen in predictions, newest first. */
  public List<Map<String, Object>> models() {
    List<Map<String, Object>> out = new ArrayList<>();
    synchronized (models) {
      for (Map.Entry<String, ModelStats> e : models.entrySet()) {
        ModelStats s = e.getValue();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", e.getKey());
        m.put("predictions", s.predictions);
        m.put("devices", s.devices.size());
        m.put("scored", s.scored);
        m.put("meanAbsError", s.scored == 0 ? null : s.absErrorSum / s.scored);
        m.put("firstSeenMs", s.firstSeenMs);
        m.put("lastSeenMs", s.lastSeenMs);
        out.add(m);
      }
    }
    out.sort(Comparator.comparingLong(m -> -(Long) m.get("lastSeenMs")));
    return out;
  }

  /** Records rejected so far and the newest reason. */
  public Map<String, Object> rejections() {
    return Map.of("count", rejected.get(), "last", lastRejection);
  }
}
