package dev.hiss.ops.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * End-to-end latency bookkeeping of the paced benchmark: the producer notes the send time of every
 * event (device, seq); a prediction names the device and the seq of the event that completed it, so
 * its latency is the time it was read minus that event's send time. Send times are written by the
 * producer thread and read by the reader thread. A prediction of an event that was never sent, or a
 * second prediction of the same event, is counted, never measured. Latencies of events sent before
 * a warm-up instant are kept apart ({@link #steadySummary()} leaves them out).
 */
final class LatencyBook {
  private static final long UNSENT = Long.MIN_VALUE;
  private static final long DONE = Long.MIN_VALUE + 1;

  private final int devices;
  private final int seqs;
  private final AtomicLongArray sentNanos;
  private long[] latencies = new long[1024];
  private long[] sendsOf = new long[1024];
  private int count;
  private long unknown;
  private long duplicates;

  /**
   * @param devices devices, indexed from 0
   * @param seqs sequence numbers per device, from 0
   */
  LatencyBook(int devices, int seqs) {
    if (devices < 1 || seqs < 1 || (long) devices * seqs > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "Invalid size = " + devices + " devices x " + seqs + " seqs; must be >= 1 and < 2^31");
    }
    this.devices = devices;
    this.seqs = seqs;
    this.sentNanos = new AtomicLongArray(devices * seqs);
    for (int i = 0; i < devices * seqs; i++) {
      sentNanos.lazySet(i, UNSENT);
    }
  }

  /** Notes that event ({@code device}, {@code seq}) was sent at {@code nanos}. */
  void sent(int device, long seq, long nanos) {
    int i = index(device, seq);
    if (i < 0) {
      throw new IllegalArgumentException(
          "Invalid event = device " + device + ", seq " + seq + "; outside the book");
    }
    sentNanos.set(i, nanos);
  }

  /**
   * Notes that the prediction completed by event ({@code device}, {@code seq}) was read at {@code
   * nanos}.
   *
   * @return its latency in ns, or -1 when the event is unknown or was already predicted
   */
  long predicted(int device, long seq, long nanos) {
    int i = index(device, seq);
    long sent = i < 0 ? UNSENT : sentNanos.getAndSet(i, DONE);
    if (sent == UNSENT) {
      unknown++;
      if (i >= 0) {
        sentNanos.set(i, UNSENT);
      }
      return -1;
    }
    if (sent == DONE) {
      duplicates++;
      return -1;
    }
    long latency = nanos - sent;
    if (count == latencies.length) {
      latencies = Arrays.copyOf(latencies, count * 2);
      sendsOf = Arrays.copyOf(sendsOf, count * 2);
    }
    sendsOf[count] = sent;
    latencies[count++] = latency;
    return latency;
  }

  /** Predictions measured so far. */
  int measured() {
    return count;
  }

  /** Predictions of events never sent (or outside the book). */
  long unknown() {
    return unknown;
  }

  /** Second and later predictions of one event. */
  long duplicates() {
    return duplicates;
  }

  /** Percentiles of the latencies measured so far. */
  LatencySummary summary() {
    return LatencySummary.of(Arrays.copyOf(latencies, count));
  }

  /**
   * Percentiles of the latencies of predictions whose completing event was sent in [{@code
   * fromNanos}, {@code toNanos}).
   */
  LatencySummary summary(long fromNanos, long toNanos) {
    long[] in = new long[count];
    int n = 0;
    for (int i = 0; i < count; i++) {
      if (sendsOf[i] - fromNanos >= 0 && sendsOf[i] - toNanos < 0) {
        in[n++] = latencies[i];
      }
    }
    return LatencySummary.of(Arrays.copyOf(in, n));
  }

  private int index(int device, long seq) {
    if (device < 0 || device >= devices || seq < 0 || seq >= seqs) {
      return -1;
    }
    return device * seqs + (int) seq;
  }
}
