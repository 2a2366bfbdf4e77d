package dev.hiss.streaming.internal;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.ingestion.Alert;
import dev.hiss.ingestion.DeadLetter;
import dev.hiss.ingestion.InvalidEventException;
import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.ValidationRule;
import dev.hiss.streaming.AnomalySettings;
import dev.hiss.streaming.HissServing;
import dev.hiss.streaming.ScorerMetrics;
import dev.hiss.streaming.ScoringModel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Scores one sensor record: validates it, updates the device's {@link DeviceWindow}, and at chunk
 * boundaries forwards a {@link Prediction}. Invalid, duplicate and out-of-order records are
 * forwarded to the dead-letter sink with their original bytes and headers (bounded by {@link
 * DeadLetter}) plus the rule, field and reason. Never throws for bad input.
 *
 * <p>The model is read from its supplier once per record, so a hot swap takes effect between two
 * records; the prediction carries the version of the model that computed it. While a record is
 * processed the SLF4J MDC holds {@value #MDC_DEVICE} (the record key) and {@value #MDC_MODEL}.
 */
public final class ScoringProcessor implements Processor<String, byte[], String, byte[]> {
  /** Child (sink) name for predictions. */
  public static final String PREDICTIONS_CHILD = "predictions";

  /** Child (sink) name for anomaly alerts. */
  public static final String ALERTS_CHILD = "alerts";

  /** Child (sink) name for rejected records. */
  public static final String DEAD_LETTER_CHILD = "dead-letter";

  /** MDC key of the device id (the record key) while a record is processed. */
  public static final String MDC_DEVICE = "deviceId";

  /** MDC key of the version of the model scoring the record. */
  public static final String MDC_MODEL = "modelVersion";

  private static final Logger LOG = LoggerFactory.getLogger(ScoringProcessor.class);

  private final Supplier<ScoringModel> models;
  private final ScorerMetrics metrics;
  private final int chunkSize;
  private final AnomalySettings anomaly;
  private final Duration deviceTtl;
  private final Duration maxGap;
  private final String storeName;
  private ProcessorContext<String, byte[]> context;
  private final HissStepper hiss = new HissStepper();
  private KeyValueStore<String, byte[]> store;
  private String lastVersion;
  private long duplicates;
  private long rejected;

  /** Device states in this task's store (written by the stream thread, read by scrapes). */
  private volatile long devices;

  private final LongSupplier deviceCount = () -> devices;

  /**
   * The Δt scale of the record being scored (set by {@link #accept} for a model with Δt input): 1
   * for a device's first event or after a max-gap restart, else gap / nominal gap.
   */
  private float dtScale = 1f;

  /**
   * @param models the model in service, read once per record
   * @param metrics where counts and latencies go
   * @param chunkSize emit one prediction every {@code chunkSize} samples of a device
   * @param storeName the per-device state store
   */
  public ScoringProcessor(
      Supplier<ScoringModel> models, ScorerMetrics metrics, int chunkSize, String storeName) {
    this(models, metrics, chunkSize, storeName, AnomalySettings.DEFAULT, null);
  }

  /**
   * A processor that also raises anomaly alerts under {@code anomaly} and forgets devices silent
   * for {@code deviceTtl} of stream time (null = never).
   */
  public ScoringProcessor(
      Supplier<ScoringModel> models,
      ScorerMetrics metrics,
      int chunkSize,
      String storeName,
      AnomalySettings anomaly,
      Duration deviceTtl) {
    this(models, metrics, chunkSize, storeName, anomaly, deviceTtl, null);
  }

  /**
   * A processor that also restarts a device's warm-up when an event comes more than {@code maxGap}
   * (event time) after the device's previous accepted one (null = never).
   */
  public ScoringProcessor(
      Supplier<ScoringModel> models,
      ScorerMetrics metrics,
      int chunkSize,
      String storeName,
      AnomalySettings anomaly,
      Duration deviceTtl,
      Duration maxGap) {
    this.anomaly = anomaly;
    this.deviceTtl = deviceTtl;
    this.maxGap = maxGap;
    this.models = models;
    this.metrics = metrics;
    this.chunkSize = chunkSize;
    this.storeName = storeName;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
    long n = 0;
    try (KeyValueIterator<String, byte[]> it = store.all()) { // restored state of this task
      for (; it.hasNext(); it.next()) {
        n++;
      }
    }
    devices = n;
    metrics.trackDevices(deviceCount);
    if (deviceTtl != null) {
      // check 4 times per TTL (at most hourly): a device goes at most TTL * 1.25 after its last
      // record
      Duration quarter = deviceTtl.dividedBy(4);
      Duration every =
          quarter.compareTo(Duration.ofSeconds(1)) < 0
              ? Duration.ofSeconds(1)
              : quarter.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : quarter;
      context.schedule(every, PunctuationType.STREAM_TIME, this::expireDevices);
    }
  }

  /**
   * Removes the state of devices whose last record is older than the TTL in stream time (the
   * largest record timestamp this task has seen), so that retired devices do not keep state
   * forever. A device that comes back starts warm-up again.
   */
  void expireDevices(long streamTimeMs) {
    long cutoff = streamTimeMs - deviceTtl.toMillis();
    List<String> expired = new ArrayList<>();
    long seen = 0;
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        seen++;
        DeviceWindow w = DeviceWindow.fromBytes(kv.value, 0);
        if (w.lastRecordMs >= 0 && w.lastRecordMs < cutoff) {
          expired.add(kv.key);
        }
      }
    }
    for (String device : expired) {
      store.delete(device);
    }
    devices = seen - expired.size(); // the scan also re-counts the task's devices
    if (!expired.isEmpty()) {
      metrics.expired(expired.size());
      LOG.info(
          "Expired the state of {} devices silent for more than {}", expired.size(), deviceTtl);
    }
  }

  @Override
  public void process(Record<String, byte[]> record) {
    long started = System.nanoTime();
    MDC.put(MDC_DEVICE, DeadLetter.boundKey(record.key()));
    try {
      ScoringModel current = models.get();
      MDC.put(MDC_MODEL, current.version());
      if (!current.version().equals(lastVersion)) {
        if (lastVersion != null) {
          LOG.debug("Task {} now scores with model {}", context.taskId(), current.version());
        }
        lastVersion = current.version();
      }
      score(record, current, started);
    } finally {
      MDC.remove(MDC_MODEL);
      MDC.remove(MDC_DEVICE);
    }
  }

  private void score(Record<String, byte[]> record, ScoringModel current, long started) {
    SensorEvent e = validate(record, current.requiredChannels());
    if (e == null) {
      return;
    }
    LinearAutoregression model = current.model();
    int window =
        current.hiss() != null
            ? current.hiss().forecaster().model().config().totalChunk()
            : model.order();
    byte[] stored = store.get(e.deviceId());
    DeviceWindow w = DeviceWindow.fromBytes(stored, window, hiss.stateBuffer());
    if (!accept(record, e, w, current.hiss())) {
      return;
    }
    if (stored == null) {
      devices++; // the put below creates this device's state
    }
    if (current.hiss() != null) {
      scoreHiss(record, e, w, current, started);
    } else {
      scoreAutoregression(record, e, w, model, current.version(), started);
    }
    store.put(e.deviceId(), w.toBytes());
    metrics.scored(System.nanoTime() - started);
  }

  /** Decodes and checks a record; dead-letters it and returns null when it is invalid. */
  private SensorEvent validate(Record<String, byte[]> record, List<String> required) {
    try {
      SensorEvent e = SensorEventCodec.decode(record.value());
      SensorEventCodec.checkKey(record.key(), e);
      for (String channel : required) {
        if (!e.channels().containsKey(channel)) {
          throw new InvalidEventException(
              ValidationRule.MISSING_CHANNEL,
              "channels",
              e.channels().keySet(),
              "lacks the model's channel " + channel);
        }
      }
      return e;
    } catch (InvalidEventException ex) {
      deadLetter(record, ex);
      return null;
    }
  }

  /**
   * Applies the ordering rules: a duplicate or out-of-order record is dead-lettered (false); an
   * event more than the max gap after the device's previous one restarts the device's warm-up, and
   * so does a gap in seq (under a HiSS model with Δt input only the ring of target values restarts:
   * the Δt scale carries the gap); otherwise the window's ordering fields advance. Under a model
   * with Δt input the event's Δt scale is set ({@link #dtScale}): 1 for a device's first event or
   * after a max-gap restart, else (event time − previous event time) / nominal gap; an event time
   * not after the previous one (possible when seq orders the device), or a gap whose scale is not a
   * finite positive float, is dead-lettered under {@link ValidationRule#TIMESTAMP}.
   */
  private boolean accept(
      Record<String, byte[]> record, SensorEvent e, DeviceWindow w, HissServing hiss) {
    boolean hasSeq = e.seq() >= 0;
    boolean stale = hasSeq ? e.seq() <= w.lastSeq : e.timestampNs() <= w.lastTsNs;
    if (stale) {
      duplicates++;
      deadLetter(
          record,
          hasSeq
              ? new InvalidEventException(
                  ValidationRule.DUPLICATE_SEQUENCE,
                  "seq",
                  e.seq(),
                  "not after the last accepted seq " + w.lastSeq + " of " + e.deviceId())
              : new InvalidEventException(
                  ValidationRule.DUPLICATE_SEQUENCE,
                  "timestampNs",
                  e.timestampNs(),
                  "not after the last accepted time " + w.lastTsNs + " of " + e.deviceId()));
      return false;
    }
    boolean dt = hiss != null && hiss.dt();
    boolean known = w.lastTsNs != Long.MIN_VALUE;
    long gapNs = e.timestampNs() - w.lastTsNs;
    boolean tooLate = known && maxGap != null && gapNs > maxGap.toNanos();
    dtScale = 1f;
    if (dt && known && !tooLate) {
      try {
        dtScale = hiss.forecaster().dtScale(gapNs);
      } catch (IllegalArgumentException ex) {
        deadLetter(
            record,
            new InvalidEventException(
                ValidationRule.TIMESTAMP,
                "timestampNs",
                e.timestampNs(),
                "is "
                    + gapNs
                    + " ns after the previous event time "
                    + w.lastTsNs
                    + " of "
                    + e.deviceId()
                    + " (seq "
                    + w.lastSeq
                    + "): the model's Δt input needs a gap > 0 ("
                    + ex.getMessage()
                    + ")"));
        return false;
      }
    }
    if (tooLate) {
      LOG.debug("{} ns since the last event, more than {}: warm-up restarts", gapNs, maxGap);
      w.restart();
      metrics.gapRestarted();
    } else if (hasSeq && w.lastSeq >= 0 && e.seq() != w.lastSeq + 1) {
      LOG.debug("Gap after seq {} (got {}): warm-up restarts", w.lastSeq, e.seq());
      if (dt) {
        w.restartSamples(); // the model sees the gap through Δt; the chunk-mean ring cannot
      } else {
        w.restart(); // samples are missing: the window would mix distant samples
      }
    }
    w.lastSeq = e.seq();
    w.lastTsNs = e.timestampNs();
    w.lastRecordMs = record.timestamp();
    return true;
  }

  /**
   * HiSS: restores the device's step-model state, feeds the sample, stores the state again, and
   * forwards a prediction when a chunk completes. The prediction is the model's chunk forecast: for
   * a {@code TrainHissJob} model, the target channel's mean over the next {@code k} samples ({@code
   * k = totalChunk()}), so it carries {@code targetSpan = k} and {@code targetSeq = seq + k}. The
   * device window keeps the last {@code k} target values; when the sample {@code targetSeq} arrives
   * after an unbroken run of {@code k} samples, the residual of the chunk mean goes through the
   * same anomaly monitor as the autoregression's point forecasts. A model with Δt input gets the
   * event's Δt scale ({@link #dtScale}) as its last input channel ({@link HissStepper} steps). A
   * QUANTILE-head model's prediction is its median and carries all its quantiles, in the target's
   * units; when its levels hold a central pair (l, 1 − l) the monitor keeps the widest such
   * interval with the forecast, and the chunk mean is judged against it (alert kind {@code
   * quantile-interval}).
   */
  private void scoreHiss(
      Record<String, byte[]> record, SensorEvent e, DeviceWindow w, ScoringModel m, long started) {
    HissServing h = m.hiss();
    HissStepper.Forecast f = hiss.step(h, e, w, dtScale);
    boolean hasSeq = e.seq() >= 0;
    Double actual = e.channels().get(h.target());
    if (actual == null || !hasSeq) {
      w.count++; // no target value to keep (or no numbering): the chunk mean cannot be checked
    } else {
      w.push(actual);
      // the chunk mean is needed only at the sample a chunk forecast waits for
      if (w.count >= w.ring.length && w.monitor.waitsFor(e.seq())) {
        double mean = 0;
        for (double v : w.ring) {
          mean += v;
        }
        mean /= w.ring.length;
        ResidualMonitor.Residual r = w.monitor.observe(e.seq(), mean, anomaly);
        if (r != null && r.anomaly()) {
          alert(
              record,
              e,
              String.format(
                  "mean of %s over the last %d samples = %.4g, forecast %s%.4g: residual %.3g"
                      + " beyond %.3g (%s)",
                  h.target(),
                  w.ring.length,
                  mean,
                  r.rule() == ResidualMonitor.Rule.QUANTILE_INTERVAL ? "median " : "",
                  r.predicted(),
                  r.value(),
                  r.threshold(),
                  ruleText(r)),
              r,
              mean,
              m.version());
        }
      }
    }
    if (f != null) {
      int span = h.forecaster().model().config().totalChunk();
      Prediction p =
          new Prediction(
              e.deviceId(),
              e.seq(),
              e.timestampNs(),
              hasSeq ? e.seq() + span : -1,
              h.target(),
              f.value(),
              m.version(),
              System.nanoTime() - started,
              span,
              f.sd(),
              f.quantiles());
      context.forward(
          new Record<>(e.deviceId(), p.encode(), record.timestamp(), new RecordHeaders()),
          PREDICTIONS_CHILD);
      if (hasSeq) {
        w.monitor.expect(p.targetSeq(), f.value(), f.sd(), f.lower(), f.upper(), f.level());
      }
      metrics.predicted(record.timestamp());
    }
  }

  /**
   * Which rule fired, with its k: "4.0 predicted sd of 0.0123", "4.0 running sd", "outside the 80 %
   * quantile interval [1.2, 3.4]" or "outside 3.0 × the 80 % quantile interval [1.2, 3.4] about the
   * median".
   */
  private String ruleText(ResidualMonitor.Residual r) {
    return switch (r.rule()) {
      case PREDICTED_SD -> String.format("%.1f predicted sd of %.3g", anomaly.stdDevK(), r.sd());
      case RUNNING_STATS -> String.format("%.1f running sd", anomaly.k());
      case QUANTILE_INTERVAL ->
          anomaly.intervalK() == 1
              ? String.format(
                  "outside the %s %% quantile interval [%.4g, %.4g]",
                  CentralInterval.percent(r.level()), r.lower(), r.upper())
              : String.format(
                  "outside %.1f × the %s %% quantile interval [%.4g, %.4g] about the median",
                  anomaly.intervalK(), CentralInterval.percent(r.level()), r.lower(), r.upper());
    };
  }

  private void alert(
      Record<String, byte[]> record,
      SensorEvent e,
      String message,
      ResidualMonitor.Residual r,
      double actual,
      String version) {
    Alert a =
        new Alert(
            e.deviceId(),
            e.seq(),
            e.timestampNs(),
            r.rule().kind(),
            message,
            r.value(),
            r.predicted(),
            actual,
            r.threshold(),
            version);
    context.forward(
        new Record<>(e.deviceId(), a.encode(), record.timestamp(), new RecordHeaders()),
        ALERTS_CHILD);
    metrics.alerted();
  }

  private void scoreAutoregression(
      Record<String, byte[]> record,
      SensorEvent e,
      DeviceWindow w,
      LinearAutoregression model,
      String version,
      long started) {
    boolean hasSeq = e.seq() >= 0;
    double actual = e.channel(model.channel());
    w.push(actual);
    if (hasSeq) {
      ResidualMonitor.Residual r = w.monitor.observe(e.seq(), actual, anomaly);
      if (r != null && r.anomaly()) {
        alert(
            record,
            e,
            String.format(
                "%s = %.4g, forecast %.4g: residual %.3g beyond %.3g (%s)",
                model.channel(), actual, r.predicted(), r.value(), r.threshold(), ruleText(r)),
            r,
            actual,
            version);
      }
    }
    long position = hasSeq ? e.seq() + 1 : w.count;
    if (w.count >= model.order() && position % chunkSize == 0) {
      double y = model.predictFromRing(w.ring, w.head);
      Prediction p =
          new Prediction(
              e.deviceId(),
              e.seq(),
              e.timestampNs(),
              hasSeq ? e.seq() + model.horizon() : -1,
              model.channel(),
              y,
              version,
              System.nanoTime() - started);
      context.forward(
          new Record<>(e.deviceId(), p.encode(), record.timestamp(), new RecordHeaders()),
          PREDICTIONS_CHILD);
      if (hasSeq) {
        w.monitor.expect(p.targetSeq(), y);
      }
      metrics.predicted(record.timestamp());
    }
  }

  private void deadLetter(Record<String, byte[]> record, InvalidEventException ex) {
    rejected++;
    metrics.deadLettered(ex.rule());
    LOG.debug("Dead-lettered: {} {}", ex.rule(), ex.getMessage());
    List<DeadLetter.Header> original = new ArrayList<>();
    for (Header oh : record.headers()) {
      original.add(new DeadLetter.Header(oh.key(), oh.value()));
    }
    // bounded: a rejected record near the broker's size limit must not make an oversized dead
    // letter (its write would fail and stop the stream thread)
    DeadLetter.Bounded b = DeadLetter.bound(null, record.value(), original);
    Headers h = new RecordHeaders();
    b.headers().forEach(kept -> h.add(kept.key(), kept.value()));
    h.add(Topics.HEADER_RULE, ex.rule().name().getBytes(StandardCharsets.UTF_8));
    h.add(Topics.HEADER_FIELD, ex.field().getBytes(StandardCharsets.UTF_8));
    h.add(Topics.HEADER_REASON, ex.getMessage().getBytes(StandardCharsets.UTF_8));
    h.add(Topics.HEADER_SOURCE, "scorer".getBytes(StandardCharsets.UTF_8));
    if (b.truncated() != null) {
      h.add(Topics.HEADER_TRUNCATED, b.truncated().getBytes(StandardCharsets.UTF_8));
    }
    context.forward(
        new Record<>(DeadLetter.boundKey(record.key()), b.value(), record.timestamp(), h),
        DEAD_LETTER_CHILD);
  }

  @Override
  public void close() {
    metrics.untrackDevices(deviceCount);
    if (duplicates > 0 || rejected > 0) {
      LOG.info(
          "Scorer task closing: {} duplicates dropped, {} records dead-lettered",
          duplicates,
          rejected);
    }
  }
}
