package dev.hiss.ops.bench;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Pacing of the benchmark's producer: event {@code i} (from 0) is due {@code i / rate} seconds
 * after the start, so that any prefix of the run holds the target rate and a late producer catches
 * up instead of drifting. Events go round-robin over the devices: event {@code i} is device {@code
 * i % devices}, round {@code i / devices}, so every device samples at {@code rate / devices} Hz.
 * With {@code phases > 1} device {@code d} joins the fleet in round {@code d % phases} (its earlier
 * slots stay idle) and numbers its samples from there, so that devices reach their chunk ends in
 * different rounds instead of all in the same one, as in a fleet whose devices started at different
 * times.
 */
final class Pacer {
  /** Waits shorter than this are not slept: sending a little early beats a park per event. */
  static final long MIN_PARK_NANOS = 100_000;

  private final double rate;
  private final int devices;
  private final int phases;
  private final long startNanos;

  /**
   * @param rate events per second over all devices, &gt; 0
   * @param devices devices sending round-robin, &gt;= 1
   * @param startNanos {@link System#nanoTime()} of the start
   */
  Pacer(double rate, int devices, long startNanos) {
    this(rate, devices, 1, startNanos);
  }

  /**
   * @param rate events per second over all devices, &gt; 0
   * @param devices devices sending round-robin, &gt;= 1
   * @param phases rounds over which the devices join, &gt;= 1 (1: all in the first)
   * @param startNanos {@link System#nanoTime()} of the start
   */
  Pacer(double rate, int devices, int phases, long startNanos) {
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("Invalid rate = " + rate + "; must be > 0 events/s");
    }
    if (devices < 1) {
      throw new IllegalArgumentException("Invalid devices = " + devices + "; must be >= 1");
    }
    if (phases < 1) {
      throw new IllegalArgumentException("Invalid phases = " + phases + "; must be >= 1");
    }
    this.rate = rate;
    this.devices = devices;
    this.phases = phases;
    this.startNanos = startNanos;
  }

  /** Events a run of {@code duration} at {@code rate} sends (rounded to the nearest event). */
  static long events(double rate, Duration duration) {
    return Math.round(rate * duration.toNanos() / 1e9);
  }

  /** {@link System#nanoTime()} at which event {@code i} is due. */
  long dueNanos(long i) {
    return startNanos + (long) Math.floor(i * 1e9 / rate);
  }

  /** Device of event {@code i}. */
  int device(long i) {
    return (int) (i % devices);
  }

  /**
   * Sequence number (within its device) of event {@code i}, or -1 when its device has not joined
   * yet (nothing is sent in that slot).
   */
  long seq(long i) {
    long seq = i / devices - device(i) % phases;
    return seq < 0 ? -1 : seq;
  }

  /**
   * Samples device {@code d} sends in a run of {@code total} events: {@code total / devices}, one
   * more for the first {@code total % devices} devices.
   */
  static long samplesOf(int d, long total, int devices) {
    return total / devices + (d < total % devices ? 1 : 0);
  }

  /**
   * Samples device {@code d} sends in a run of {@code total} slots when devices join over {@code
   * phases} rounds.
   */
  static long samplesOf(int d, long total, int devices, int phases) {
    return Math.max(0, samplesOf(d, total, devices) - d % phases);
  }

  /** Parks the calling thread until event {@code i} is due (returns at once when it is late). */
  void awaitTurn(long i) {
    long wait;
    while ((wait = dueNanos(i) - System.nanoTime()) > MIN_PARK_NANOS) {
      LockSupport.parkNanos(wait);
    }
  }
}
