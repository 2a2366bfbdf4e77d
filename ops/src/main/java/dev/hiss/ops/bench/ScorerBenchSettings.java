package dev.hiss.ops.bench;

import java.time.Duration;

/**
 * Settings of {@code ./hiss bench scorer}.
 *
 * @param devices devices of the fleet, &gt;= 1
 * @param samplesPerDevice backlog mode: samples each device sends before the scorer starts, &gt;= 1
 *     (ignored in paced mode)
 * @param threads stream threads of the scorer, &gt;= 1
 * @param model the model served
 * @param rate paced mode: events per second over all devices, produced while the scorer runs;
 *     {@code 0} = backlog mode
 * @param duration paced mode: how long the producer runs, &gt; 0
 * @param commitInterval the scorer's exactly-once commit interval; null = Kafka Streams' default
 * @param partitions partitions of the sensors and predictions topics, &gt;= 1
 * @param warmup paced mode: predictions completed by events sent this early in the run are left out
 *     of the steady-state latency figures, &gt;= 0 and &lt; duration
 * @param staggered paced mode: devices join over the rounds of one prediction period, so that their
 *     chunk ends are spread over time (false: all devices reach them in the same round)
 * @param stateCacheBytes the scorer's state cache ({@link
 *     dev.hiss.streaming.ScorerOptions#stateCacheBytes()}), &gt;= 0 (0 = none)
 */
public record ScorerBenchSettings(
    int devices,
    int samplesPerDevice,
    int threads,
    BenchModel.Kind model,
    double rate,
    Duration duration,
    Duration commitInterval,
    int partitions,
    long stateCacheBytes,
    Duration warmup,
    boolean staggered) {
  /** Validates every field. */
  public ScorerBenchSettings {
    if (devices < 1) {
      throw new IllegalArgumentException("Invalid devices = " + devices + "; must be >= 1");
    }
    if (samplesPerDevice < 1) {
      throw new IllegalArgumentException(
          "Invalid samplesPerDevice = " + samplesPerDevice + "; must be >= 1");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("Invalid threads = " + threads + "; must be >= 1");
    }
    if (model == null) {
      throw new IllegalArgumentException("Invalid model = null; use ar or hiss");
    }
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException(
          "Invalid rate = " + rate + "; must be > 0 events/s (0 = backlog mode)");
    }
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("Invalid duration = " + duration + "; must be > 0");
    }
    if (commitInterval != null && (commitInterval.isNegative() || commitInterval.isZero())) {
      throw new IllegalArgumentException(
          "Invalid commitInterval = " + commitInterval + "; must be > 0");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("Invalid partitions = " + partitions + "; must be >= 1");
    }
    if (warmup == null || warmup.isNegative() || (rate > 0 && warmup.compareTo(duration) >= 0)) {
      throw new IllegalArgumentException(
          "Invalid warmup = " + warmup + "; must be >= 0 and shorter than duration " + duration);
    }
    if (stateCacheBytes < 0) {
      throw new IllegalArgumentException(
          "Invalid stateCacheBytes = " + stateCacheBytes + "; must be >= 0");
    }
    if (rate > 0 && Pacer.events(rate, duration) < devices) {
      throw new IllegalArgumentException(
          "Invalid rate = "
              + rate
              + " for duration "
              + duration
              + ": fewer events than the "
              + devices
              + " devices");
    }
  }

  /** Whether the producer is paced and runs concurrently with the scorer. */
  public boolean paced() {
    return rate > 0;
  }
}
