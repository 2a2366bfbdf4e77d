package dev.hiss.dashboard;

import dev.hiss.ingestion.Alert;
import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.SensorEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard keeps of one device: per channel, ring buffers of the raw signal, the forecast
 * (at the time of the forecast sample), the ground truth and the absolute forecast error, plus the
 * newest alerts. Memory is bounded by the {@link DashboardConfig}: channels, points per series,
 * retention, alerts, and the small maps that pair a forecast with its sample.
 */
final class DeviceState {
  /** Forecasts and samples kept for pairing a forecast with the sample it forecast. */
  static final int PAIRING_WINDOW = 1024;

  private final String id;
  private final DashboardConfig config;
  private final Map<String, ChannelState> channels = new LinkedHashMap<>();
  private final ArrayDeque<Alert> alerts = new ArrayDeque<>();
  private long alertCount;
  private long lastEventNs;
  private long lastReceivedMs;
  private long lastSeq = -1;
  private long predictions;
  private double latestError = Double.NaN;
  private String latestModel = "";
  private long version;

  /** Series of one channel and its pairing windows. */
  static final class ChannelState {
    final RingBuffer raw;
    final RingBuffer forecast;
    final RingBuffer truth;
    final RingBuffer error;
    final Map<Long, Sample> samplesBySeq = bounded();
    final Map<Long, Object[]> pendingBySeq = bounded(); // targetSeq -> {predicted, model}
    String unit = "";
    double periodNs = Double.NaN;

    ChannelState(DashboardConfig c) {
      long ret = c.retention().toNanos();
      raw = new RingBuffer(c.pointsPerSeries(), ret);
      forecast = new RingBuffer(c.pointsPerSeries(), ret);
      truth = new RingBuffer(c.pointsPerSeries(), ret);
      error = new RingBuffer(c.pointsPerSeries(), ret);
    }

    private static <V> Map<Long, V> bounded() {
      return new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
          return size() > PAIRING_WINDOW;
        }
      };
    }
  }

  /** One raw sample, kept for pairing. */
  private record Sample(long timeNs, double value) {}

  /** A forecast paired with its sample: the absolute error and the model that made it. */
  record Scored(String model, double absError) {}

  DeviceState(String id, DashboardConfig config) {
    this.id = id;
    this.config = config;
  }

  String id() {
    return id;
  }

  synchronized long version() {
    return version;
  }

  synchronized long lastReceivedMs() {
    return lastReceivedMs;
  }

  private ChannelState channel(String name) {
    ChannelState c = channels.get(name);
    if (c == null && channels.size() < config.maxChannels()) {
      c = new ChannelState(config);
      channels.put(name, c);
    }
    return c;
  }

  /** Records a raw sample; returns the forecasts it scored. */
  synchronized List<Scored> onSensor(SensorEvent e, long receivedMs, long stamp) {
    List<Scored> scored = new ArrayList<>();
    lastEventNs = Math.max(lastEventNs, e.timestampNs());
    lastReceivedMs = receivedMs;
    lastSeq = Math.max(lastSeq, e.seq());
    version = stamp;
    for (Map.Entry<String, Double> ch : e.channels().entrySet()) {
      ChannelState c = channel(ch.getKey());
      if (c == null) {
        continue;
      }
      String unit = e.units().get(ch.getKey());
      if (unit != null) {
        c.unit = unit;
      }
      double v = ch.getValue();
      c.raw.add(e.timestampNs(), v);
      if (e.seq() < 0) {
        continue;
      }
      Sample prev = c.samplesBySeq.get(e.seq() - 1);
      if (prev != null && e.timestampNs() > prev.timeNs()) {
        double dt = e.timestampNs() - prev.timeNs();
        c.periodNs = Double.isNaN(c.periodNs) ? dt : 0.9 * c.periodNs + 0.1 * dt;
      }
      c.samplesBySeq.put(e.seq(), new Sample(e.timestampNs(), v));
      Object[] pending = c.pendingBySeq.remove(e.seq());
      if (pending != null) {
        scored.add(score(c, e.timestampNs(), (Double) pending[0], v, (String) pending[1]));
      }
    }
    return scored;
  }

  private Scored score(ChannelState c, long timeNs, double predicted, double actual, String model) {
    double err = Math.abs(predicted - actual);
    c.error.add(timeNs, err);
    latestError = err;
    return new Scored(model, err);
  }

  /** Records ground truth (same contract and seq as the sensor topic). */
  synchronized void onTruth(SensorEvent e, long stamp) {
    version = stamp;
    for (Map.Entry<String, Double> ch : e.channels().entrySet()) {
      ChannelState c = channel(ch.getKey());
      if (c != null) {
        c.truth.add(e.timestampNs(), ch.getValue());
      }
    }
  }

  /** Records a forecast; returns the score when its sample has already arrived. */
  synchronized Scored onPrediction(Prediction p, long receivedMs, long stamp) {
    ChannelState c = channel(p.channel());
    predictions++;
    latestModel = p.modelVersion();
    lastReceivedMs = Math.max(lastReceivedMs, receivedMs);
    version = stamp;
    if (c == null) {
      return null;
    }
    Sample sample = c.samplesBySeq.get(p.targetSeq());
    long targetNs;
    if (sample != null) {
      targetNs = sample.timeNs();
    } else if (!Double.isNaN(c.periodNs)) {
      targetNs = p.timestampNs() + Math.round((p.targetSeq() - p.seq()) * c.periodNs);
    } else {
      targetNs = p.timestampNs();
    }
    c.forecast.add(targetNs, p.predicted());
    if (sample != null) {
      return score(c, targetNs, p.predicted(), sample.value(), p.modelVersion());
    }
    c.pendingBySeq.put(p.targetSeq(), new Object[] {p.predicted(), p.modelVersion()});
    return null;
  }

  synchronized void onAlert(Alert a, long stamp) {
    alerts.addLast(a);
    while (alerts.size() > config.alertsPerDevice()) {
      alerts.removeFirst();
    }
    alertCount++;
    version = stamp;
  }

  /** Mean absolute error over the held errors of every channel, or NaN. */
  synchronized double meanAbsError() {
    double sum = 0;
    int n = 0;
    for (ChannelState c : channels.values()) {
      int k = c.error.size();
      if (k > 0) {
        sum += c.error.mean() * k;
        n += k;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** The device-list view. */
  synchronized Map<String, Object> summary(long nowMs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("lastEventNs", lastEventNs);
    m.put("lastReceivedMs", lastReceivedMs);
    m.put("stale", nowMs - lastReceivedMs > config.staleAfter().toMillis());
    m.put("lastSeq", lastSeq);
    m.put("channels", new ArrayList<>(channels.keySet()));
    m.put("latestError", finite(latestError));
    m.put("meanAbsError", finite(meanAbsError()));
    m.put("alertCount", alertCount);
    m.put("lastAlert", alerts.isEmpty() ? null : alerts.getLast().message());
    m.put("predictions", predictions);
    m.put("model", latestModel);
    m.put("version", version);
    return m;
  }

  static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /**
   * The series since the given cursors (an empty cursor map gives everything held); the cursors are
   * advanced in place, so one map per reader gives that reader's deltas.
   */
  synchronized Map<String, Object> series(Map<String, Long> cursors) {
    Map<String, Object> chans = new LinkedHashMap<>();
    for (Map.Entry<String, ChannelState> e : channels.entrySet()) {
      ChannelState c = e.getValue();
      Map<String, Object> ch = new LinkedHashMap<>();
      ch.put("unit", c.unit);
      ch.put("raw", slice(c.raw, cursors, e.getKey() + "/raw"));
      ch.put("forecast", slice(c.forecast, cursors, e.getKey() + "/forecast"));
      ch.put("truth", slice(c.truth, cursors, e.getKey() + "/truth"));
      ch.put("error", slice(c.error, cursors, e.getKey() + "/error"));
      chans.put(e.getKey(), ch);
    }
    long seen = cursors.getOrDefault("alerts", 0L);
    List<Map<String, Object>> newAlerts = new ArrayList<>();
    long firstHeld = alertCount - alerts.size();
    long i = firstHeld;
    for (Alert a : alerts) {
      if (i++ >= seen) {
        newAlerts.add(alertView(a));
      }
    }
    cursors.put("alerts", alertCount);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("channels", chans);
    m.put("alerts", newAlerts);
    return m;
  }

  /** An alert as the REST API and the stream send it (absent numbers and fields as null). */
  static Map<String, Object> alertView(Alert a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("deviceId", a.deviceId());
    m.put("seq", a.seq() >= 0 ? a.seq() : null);
    m.put("timestampNs", a.timestampNs());
    m.put("kind", a.kind());
    m.put("message", a.message());
    m.put("value", finite(a.value()));
    m.put("predicted", finite(a.predicted()));
    m.put("actual", finite(a.actual()));
    m.put("threshold", finite(a.threshold()));
    m.put("modelVersion", a.modelVersion().isEmpty() ? null : a.modelVersion());
    return m;
  }

  private static Map<String, Object> slice(RingBuffer b, Map<String, Long> cursors, String key) {
    RingBuffer.Slice s = b.since(cursors.getOrDefault(key, 0L));
    cursors.put(key, s.nextCursor());
    double[] v = s.values();
    Object[] values = new Object[v.length];
    for (int i = 0; i < v.length; i++) {
      values[i] = finite(v[i]);
    }
    return Map.of("t", s.timesNs(), "v", values);
  }
}
