package dev.hiss.streaming;

import dev.hiss.ingestion.ValidationRule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The scorer's Micrometer meters. Names (Prometheus form in brackets):
 *
 * <ul>
 *   <li>{@value #EVENTS_SCORED} [{@code hiss_scorer_events_scored_total}]: events accepted into a
 *       device's state
 *   <li>{@value #PREDICTIONS} [{@code hiss_scorer_predictions_total}]: predictions forwarded
 *   <li>{@value #DEAD_LETTERED} [{@code hiss_scorer_dead_lettered_total}], tag {@code rule}:
 *       records sent to the dead-letter topic, per {@link ValidationRule}
 *   <li>{@value #LATENCY} [{@code hiss_scorer_scoring_latency_seconds}]: time to score one accepted
 *       event (state read, update, forecast, forward, state write): a histogram for Prometheus
 *       ({@code histogram_quantile}), and p50 / p95 / p99 computed in process on registries that
 *       publish them (e.g. the in-memory one of benchmarks)
 *   <li>{@value #END_TO_END} [{@code hiss_scorer_end_to_end_latency_seconds}]: per prediction, from
 *       the Kafka timestamp of the sensor event that completed it (CreateTime, i.e. the sender's
 *       clock, unless the topic uses LogAppendTime; negative differences count as 0) to its
 *       hand-off to the producer; the exactly-once commit that makes it visible to {@code
 *       read_committed} readers comes after (see the commit interval). A histogram for Prometheus
 *   <li>{@value #DEVICE_STATES} [{@code hiss_scorer_device_states}]: device states held by the
 *       instance's active tasks (counted when a task starts, then kept up to date as devices arrive
 *       and expire)
 *   <li>{@value #MODEL} [{@code hiss_scorer_model}], tag {@code version}: 1 for the model in
 *       service
 *   <li>{@value #MODEL_SWAPS} and {@value #MODEL_REFUSED}: hot swaps done, model files refused
 *   <li>{@value #EXPIRED} [{@code hiss_scorer_devices_expired_total}]: device states removed by the
 *       device TTL; {@value #GAP_RESTARTS} [{@code hiss_scorer_gap_restarts_total}]: device
 *       warm-ups restarted by an event-time gap longer than the max gap
 * </ul>
 *
 * Thread-safe: stream threads and the model watcher share one instance.
 */
public final class ScorerMetrics {
  public static final String EVENTS_SCORED = "hiss.scorer.events.scored";
  public static final String PREDICTIONS = "hiss.scorer.predictions";
  public static final String DEAD_LETTERED = "hiss.scorer.dead.lettered";
  public static final String LATENCY = "hiss.scorer.scoring.latency";
  public static final String END_TO_END = "hiss.scorer.end.to.end.latency";
  public static final String DEVICE_STATES = "hiss.scorer.device.states";
  public static final String MODEL = "hiss.scorer.model";
  public static final String MODEL_SWAPS = "hiss.scorer.model.swaps";
  public static final String MODEL_REFUSED = "hiss.scorer.model.refused";
  public static final String ALERTS = "hiss.scorer.alerts";
  public static final String EXPIRED = "hiss.scorer.devices.expired";
  public static final String GAP_RESTARTS = "hiss.scorer.gap.restarts";

  private final MeterRegistry registry;
  private final Counter scored;
  private final Counter predictions;
  private final Counter alerts;
  private final Counter expired;
  private final Counter gapRestarts;
  private final Map<ValidationRule, Counter> deadLettered = new EnumMap<>(ValidationRule.class);
  private final Timer latency;
  private final Timer endToEnd;
  private final Set<LongSupplier> deviceCounts = ConcurrentHashMap.newKeySet();
  private final Counter swaps;
  private final Counter refused;
  private Gauge model;

  /** Registers every meter in {@code registry} (dead-letter counters for every rule at 0). */
  public ScorerMetrics(MeterRegistry registry) {
    this.registry = registry;
    scored =
        Counter.builder(EVENTS_SCORED)
            .description("Sensor events accepted into a device's state")
            .register(registry);
    predictions =
        Counter.builder(PREDICTIONS).description("Predictions forwarded").register(registry);
    alerts = Counter.builder(ALERTS).description("Anomaly alerts raised").register(registry);
    expired =
        Counter.builder(EXPIRED)
            .description("Device states removed after the device TTL")
            .register(registry);
    gapRestarts =
        Counter.builder(GAP_RESTARTS)
            .description("Device warm-ups restarted by a time gap longer than the max gap")
            .register(registry);
    for (ValidationRule r : ValidationRule.values()) {
      deadLettered.put(
          r,
          Counter.builder(DEAD_LETTERED)
              .description("Records sent to the dead-letter topic")
              .tag("rule", r.name())
              .register(registry));
    }
    latency =
        Timer.builder(LATENCY)
            .description("Time to score one accepted sensor event")
            .publishPercentiles(0.5, 0.95, 0.99)
            .percentilePrecision(2)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(500))
            .maximumExpectedValue(Duration.ofSeconds(1))
            .register(registry);
    endToEnd =
        Timer.builder(END_TO_END)
            .description(
                "From the Kafka timestamp of the event that completed a prediction to the"
                    + " prediction's hand-off to the producer (before the exactly-once commit)")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(10))
            .register(registry);
    Gauge.builder(DEVICE_STATES, this, ScorerMetrics::deviceStates)
        .description("Device states held by this instance's active tasks")
        .register(registry);
    swaps = Counter.builder(MODEL_SWAPS).description("Model hot swaps done").register(registry);
    refused =
        Counter.builder(MODEL_REFUSED)
            .description("Model files refused (corrupted, truncated, incompatible)")
            .register(registry);
  }

  /** Meters in a private registry, for tests and embedded use. */
  public static ScorerMetrics inMemory() {
    return new ScorerMetrics(new SimpleMeterRegistry());
  }

  /** The registry the meters live in. */
  public MeterRegistry registry() {
    return registry;
  }

  /** One event scored in {@code nanos}. */
  public void scored(long nanos) {
    scored.increment();
    latency.record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * One prediction forwarded, completed by an event with Kafka timestamp {@code eventTimestampMs}
   * (epoch ms).
   */
  public void predicted(long eventTimestampMs) {
    predictions.increment();
    endToEnd.record(
        Math.max(0, System.currentTimeMillis() - eventTimestampMs), TimeUnit.MILLISECONDS);
  }

  /**
   * Adds a task's count of device states to {@value #DEVICE_STATES} until {@link #untrackDevices}
   * removes it; read from the scrape thread.
   */
  public void trackDevices(LongSupplier count) {
    deviceCounts.add(count);
  }

  /** Removes a count added by {@link #trackDevices}. */
  public void untrackDevices(LongSupplier count) {
    deviceCounts.remove(count);
  }

  /** Device states held by the tracked tasks. */
  public long deviceStates() {
    long sum = 0;
    for (LongSupplier c : deviceCounts) {
      sum += c.getAsLong();
    }
    return sum;
  }

  /** The end-to-end latency timer. */
  public Timer endToEnd() {
    return endToEnd;
  }

  /** Counts device states removed by the TTL. */
  public void expired(int devices) {
    expired.increment(devices);
  }

  /** Counts one device restarted by a time gap longer than the max gap. */
  public void gapRestarted() {
    gapRestarts.increment();
  }

  /** Counts one anomaly alert. */
  public void alerted() {
    alerts.increment();
  }

  /** One record dead-lettered under {@code rule}. */
  public void deadLettered(ValidationRule rule) {
    deadLettered.get(rule).increment();
  }

  /** Marks {@code version} as the model in service (the gauge of the previous one goes away). */
  public synchronized void modelInService(String version, boolean swapped) {
    if (model != null) {
      registry.remove(model);
    }
    model =
        Gauge.builder(MODEL, () -> 1)
            .description("The model in service (value 1), by version")
            .tag("version", version)
            .register(registry);
    if (swapped) {
      swaps.increment();
    }
  }

  /** One model file refused. */
  public void modelRefused() {
    refused.increment();
  }

  /** The scoring latency timer (percentiles for benchmarks and tests). */
  public Timer latency() {
    return latency;
  }
}
