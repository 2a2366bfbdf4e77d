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
 * (with its band and span), the ground truth and the absolute forecast error, plus the newest
 * alerts. Memory is bounded by the {@link DashboardConfig}: channels, points per series, retention,
 * alerts, and the small maps that pair a forecast with its samples.
 *
 * <p>A forecast of span k (see {@link Prediction#targetSpan()}) is the mean of samples {@code
 * targetSeq − k + 1 … targetSeq}: it is scored against the mean of those k samples once all of them
 * arrived (in any order, before or after the forecast), and drawn as a step across its span: the
 * forecast series holds one point per forecast at the time of its last sample ({@code t}), with the
 * time of its first sample ({@code from}, equal to {@code t} for span 1). Times of samples not yet
 * seen are estimated from the channel's sample period; a forecast of span &gt; 1 that arrives
 * before that period is known (the prediction topic read ahead of the sensor topic) is held back,
 * up to {@link #UNPLACED_PER_CHANNEL} per channel, and drawn and scored once it is.
 */
final class DeviceState {
  /** Samples (and sample numbers forecasts wait on) kept for pairing forecasts with samples. */
  static final int PAIRING_WINDOW = 1024;

  /** Forecasts kept waiting on one sample number; the oldest is dropped beyond this. */
  static final int PENDING_PER_SAMPLE = 8;

  /** Forecasts held per channel until its sample period is known; the oldest is dropped beyond. */
  static final int UNPLACED_PER_CHANNEL = 256;

  // extra columns of the forecast buffer
  private static final int SPAN = 0;
  private static final int SPAN_NS = 1;
  private static final int LOWER = 2;
  private static final int UPPER = 3;
  private static final int LEVEL = 4;
  private static final int FORECAST_EXTRAS = 5;

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
    final RingBuffer forecast; // + span, spanNs (first to last sample), band lower, upper, level
    final RingBuffer truth;
    final RingBuffer error;
    final Map<Long, Sample> samplesBySeq = bounded();
    // a forecast whose span is not complete, filed under the highest sample number it misses
    final Map<Long, List<Pending>> waitingOn = bounded();
    // span > 1 forecasts that arrived before the channel's sample period was known: their span
    // cannot be placed in time yet (the prediction topic can be read ahead of the sensor topic)
    final java.util.ArrayDeque<Prediction> unplaced = new java.util.ArrayDeque<>();
    String unit = "";
    double periodNs = Double.NaN;

    ChannelState(DashboardConfig c) {
      long ret = c.retention().toNanos();
      raw = new RingBuffer(c.pointsPerSeries(), ret);
      forecast = new RingBuffer(c.pointsPerSeries(), ret, FORECAST_EXTRAS);
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

  /** A forecast waiting for samples of its span. */
  private record Pending(long targetSeq, int span, double predicted, String model) {}

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
      if (!Double.isNaN(c.periodNs)) {
        while (!c.unplaced.isEmpty()) {
          Scored s = place(c, c.unplaced.removeFirst());
          if (s != null) {
            scored.add(s);
          }
        }
      }
      List<Pending> waiting = c.waitingOn.remove(e.seq());
      if (waiting != null) {
        for (Pending p : waiting) {
          Scored s = scoreOrWait(c, p);
          if (s != null) {
            scored.add(s);
          }
        }
      }
    }
    return scored;
  }

  /**
   * Scores a forecast against the mean of its span's samples when all are held; otherwise files it
   * under the highest sample number it still misses and returns null.
   */
  private Scored scoreOrWait(ChannelState c, Pending p) {
    double sum = 0;
    long first = p.targetSeq() - p.span() + 1;
    for (long s = p.targetSeq(); s >= first; s--) {
      Sample sample = c.samplesBySeq.get(s);
      if (sample == null) {
        List<Pending> list = c.waitingOn.computeIfAbsent(s, k -> new ArrayList<>(1));
        if (list.size() >= PENDING_PER_SAMPLE) {
          list.remove(0);
        }
        list.add(p);
        return null;
      }
      sum += sample.value();
    }
    double err = Math.abs(p.predicted() - sum / p.span());
    c.error.add(c.samplesBySeq.get(p.targetSeq()).timeNs(), err);
    latestError = err;
    return new Scored(p.model(), err);
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

  /**
   * Records a forecast; returns the score when the samples of its span have already arrived. A
   * forecast that cannot be numbered ({@code targetSeq < 0}), that reaches before sample 0, or
   * whose span exceeds {@link #PAIRING_WINDOW} is drawn but never scored.
   */
  synchronized Scored onPrediction(Prediction p, long receivedMs, long stamp) {
    ChannelState c = channel(p.channel());
    predictions++;
    latestModel = p.modelVersion();
    lastReceivedMs = Math.max(lastReceivedMs, receivedMs);
    version = stamp;
    if (c == null) {
      return null;
    }
    if (p.targetSpan() > 1
        && Double.isNaN(c.periodNs)
        && p.targetSeq() >= 0
        && c.samplesBySeq.get(p.targetSeq()) == null) {
      if (c.unplaced.size() >= UNPLACED_PER_CHANNEL) {
        c.unplaced.removeFirst();
      }
      c.unplaced.addLast(p);
      return null;
    }
    return place(c, p);
  }

  /** Draws a forecast at the times of its span and scores it, or files it until its span is in. */
  private Scored place(ChannelState c, Prediction p) {
    long firstSeq = p.targetSeq() - p.targetSpan() + 1;
    long endNs = timeOf(c, p, p.targetSeq(), p.timestampNs());
    long startNs = p.targetSpan() == 1 ? endNs : timeOf(c, p, firstSeq, endNs);
    ForecastBand band = ForecastBand.of(p);
    c.forecast.add(
        endNs,
        p.predicted(),
        p.targetSpan(),
        endNs - startNs,
        band == null ? Double.NaN : band.lower(),
        band == null ? Double.NaN : band.upper(),
        band == null ? Double.NaN : band.level());
    if (p.targetSeq() < 0 || firstSeq < 0 || p.targetSpan() > PAIRING_WINDOW) {
      return null;
    }
    return scoreOrWait(
        c, new Pending(p.targetSeq(), p.targetSpan(), p.predicted(), p.modelVersion()));
  }

  /**
   * The time of sample {@code seq}: its own when held, else estimated from the forecast's sample
   * and the channel's period, else {@code fallbackNs}.
   */
  private static long timeOf(ChannelState c, Prediction p, long seq, long fallbackNs) {
    Sample sample = seq >= 0 ? c.samplesBySeq.get(seq) : null;
    if (sample != null) {
      return sample.timeNs();
    }
    if (seq >= 0 && p.seq() >= 0 && !Double.isNaN(c.periodNs)) {
      return p.timestampNs() + Math.round((seq - p.seq()) * c.periodNs);
    }
    return fallbackNs;
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
      ch.put("forecast", forecastSlice(c.forecast, cursors, e.getKey() + "/forecast"));
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

  /**
   * The forecast points: {@code t} (time of the span's last sample), {@code v}, {@code from} (time
   * of its first sample), {@code span} (samples covered), {@code lower}, {@code upper} and {@code
   * level} (its {@link ForecastBand}, not necessarily symmetric about {@code v}; null when the
   * forecast has none).
   */
  private static Map<String, Object> forecastSlice(
      RingBuffer b, Map<String, Long> cursors, String key) {
    RingBuffer.Slice s = b.since(cursors.getOrDefault(key, 0L));
    cursors.put(key, s.nextCursor());
    int n = s.length();
    Object[] values = new Object[n];
    long[] from = new long[n];
    int[] span = new int[n];
    Object[] lower = new Object[n];
    Object[] upper = new Object[n];
    Object[] level = new Object[n];
    for (int i = 0; i < n; i++) {
      double v = s.values()[i];
      values[i] = finite(v);
      from[i] = s.timesNs()[i] - (long) s.extra()[SPAN_NS][i];
      span[i] = (int) s.extra()[SPAN][i];
      lower[i] = finite(s.extra()[LOWER][i]);
      upper[i] = finite(s.extra()[UPPER][i]);
      level[i] = finite(s.extra()[LEVEL][i]);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("t", s.timesNs());
    m.put("v", values);
    m.put("from", from);
    m.put("span", span);
    m.put("lower", lower);
    m.put("upper", upper);
    m.put("level", level);
    return m;
  }
}
