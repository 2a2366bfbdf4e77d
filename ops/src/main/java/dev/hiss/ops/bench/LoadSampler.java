package dev.hiss.ops.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Samples a sustained run every interval: events sent, predictions read, the scorer's input lag and
 * the heap left after the last garbage collection (the live heap: the scorer, its clients and the
 * benchmark's own preallocated bookkeeping share this JVM; RocksDB memory is off-heap and not
 * counted). At the end it says whether lag and live heap stayed flat: the lag of the last sample
 * within {@code maxLagEvents}, and the live heap of the second half of the run within {@code
 * maxHeapGrowth} of the first half's largest value.
 */
final class LoadSampler implements AutoCloseable {
  /** One sample. */
  record Sample(double seconds, long sent, long read, long lag, long liveHeapBytes) {}

  private final PrintStream out;
  private final AtomicLong sent;
  private final AtomicLong read;
  private final LongSupplier lag;
  private final long intervalMs;
  private final List<Sample> samples = new ArrayList<>();
  private final Thread thread;
  private final long started = System.nanoTime();
  private volatile boolean stop;

  LoadSampler(
      PrintStream out, AtomicLong sent, AtomicLong read, LongSupplier lag, long intervalMs) {
    this.out = out;
    this.sent = sent;
    this.read = read;
    this.lag = lag;
    this.intervalMs = intervalMs;
    this.thread = new Thread(this::loop, "bench-load-sampler");
    thread.setDaemon(true);
  }

  LoadSampler start() {
    thread.start();
    return this;
  }

  /** Bytes of heap in use right after the last collection of each heap pool, summed. */
  static long liveHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null) {
        sum += p.getCollectionUsage().getUsed();
      }
    }
    return sum;
  }

  private void loop() {
    while (!stop) {
      try {
        Thread.sleep(intervalMs);
      } catch (InterruptedException e) {
        return;
      }
      if (stop) {
        return;
      }
      Sample s =
          new Sample(
              (System.nanoTime() - started) / 1e9,
              sent.get(),
              read.get(),
              lag.getAsLong(),
              liveHeapBytes());
      synchronized (samples) {
        samples.add(s);
      }
      out.printf(
          "  t=%6.0f s: sent %,d, predictions read %,d, scorer input lag %,d events, live heap %.1f"
              + " MiB%n",
          s.seconds(), s.sent(), s.read(), s.lag(), s.liveHeapBytes() / 1048576.0);
    }
  }

  /** The samples so far. */
  List<Sample> samples() {
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  /**
   * Whether lag and live heap stayed flat over {@code samples} (at least 4 needed; fewer = false).
   */
  static boolean flat(List<Sample> samples, long maxLagEvents, double maxHeapGrowth) {
    if (samples.size() < 4) {
      return false;
    }
    int half = samples.size() / 2;
    long firstMax = 0;
    for (int i = 0; i < half; i++) {
      firstMax = Math.max(firstMax, samples.get(i).liveHeapBytes());
    }
    long secondMax = 0;
    for (int i = half; i < samples.size(); i++) {
      secondMax = Math.max(secondMax, samples.get(i).liveHeapBytes());
    }
    Sample last = samples.get(samples.size() - 1);
    return last.lag() <= maxLagEvents && secondMax <= firstMax * (1 + maxHeapGrowth);
  }

  @Override
  public void close() {
    stop = true;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
