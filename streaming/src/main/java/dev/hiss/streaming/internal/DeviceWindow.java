package dev.hiss.streaming.internal;

import java.nio.ByteBuffer;

/**
 * Per-device scoring state: the last {@code order} samples in a ring, the last accepted sequence
 * number and timestamp, the number of consecutive samples seen, and the anomaly state ({@link
 * ResidualMonitor}). Serialized compactly for the state store: {@code
 * [version=2][lastSeq][lastTsNs][count][head][order][order doubles][monitor][lastRecordMs] [hiss
 * state length][hiss state floats]} (the last two only while serving HiSS). Version 3 is the same
 * with the predicted standard deviation of every waiting forecast in the monitor; it is written
 * only while such a forecast waits (a probabilistic model), so that the state of point forecasts
 * keeps the version-2 bytes. Version 4 is version 2 with the central quantile interval (lower,
 * upper, level) of every waiting forecast after the forecasts, written only while a forecast with
 * an interval waits (a quantile-head model); version 5 has both the sds and the intervals (a
 * Gaussian forecast and a quantile one waiting across a model swap). Versions 1 (without the
 * monitor) to 5 load. {@code lastTsNs} is also the previous event time from which a HiSS model with
 * Δt input forms the next Δt scale.
 */
final class DeviceWindow {
  private static final byte VERSION = 2;
  private static final byte VERSION_SD = 3;
  private static final byte VERSION_INTERVAL = 4;
  private static final byte VERSION_SD_INTERVAL = 5;

  long lastSeq = -1;
  long lastTsNs = Long.MIN_VALUE;
  long count;
  int head = -1;
  final double[] ring;
  final ResidualMonitor monitor = new ResidualMonitor();

  /** Kafka timestamp (ms) of the device's last accepted record; -1 = unknown (older state). */
  long lastRecordMs = -1;

  /** The HiSS step model's exported state of this device, or null (fresh). */
  float[] hissState;

  DeviceWindow(int order) {
    this.ring = new double[order];
  }

  /** Appends a sample; the ring keeps the newest {@code order}. */
  void push(double v) {
    head = head + 1 == ring.length ? 0 : head + 1;
    ring[head] = v;
    count++;
  }

  /** Forgets the samples (a gap): warm-up starts again. */
  void restart() {
    restartSamples();
    hissState = null;
  }

  /**
   * Forgets the samples in the ring but keeps the HiSS state (a seq gap under a model with Δt
   * input, whose Δt scale carries the gap): the chunk-mean check waits for a new unbroken run.
   */
  void restartSamples() {
    count = 0;
    head = -1;
  }

  byte[] toBytes() {
    boolean withSd = monitor.hasSd();
    boolean withInterval = monitor.hasInterval();
    ByteBuffer b =
        ByteBuffer.allocate(
            1
                + 8 * 3
                + 4 * 2
                + 8 * ring.length
                + monitor.bytes(withSd, withInterval)
                + 8
                + (hissState == null ? 0 : 4 + 4 * hissState.length));
    b.put(
            withInterval
                ? (withSd ? VERSION_SD_INTERVAL : VERSION_INTERVAL)
                : (withSd ? VERSION_SD : VERSION))
        .putLong(lastSeq)
        .putLong(lastTsNs)
        .putLong(count)
        .putInt(head);
    b.putInt(ring.length);
    for (double v : ring) {
      b.putDouble(v);
    }
    monitor.write(b, withSd, withInterval);
    b.putLong(lastRecordMs);
    if (hissState != null) {
      b.putInt(hissState.length);
      b.asFloatBuffer().put(hissState); // bulk copy (the buffer's position does not move)
    }
    return b.array();
  }

  /**
   * Restores a window; returns a fresh one (re-warm) if the stored state was written for another
   * model order or in an unknown layout.
   */
  static DeviceWindow fromBytes(byte[] bytes, int order) {
    return fromBytes(bytes, order, null);
  }

  /**
   * {@link #fromBytes(byte[], int)} that reads a HiSS state of {@code reuse.length} floats into
   * {@code reuse} (the scorer's per-task buffer) instead of a new array.
   */
  static DeviceWindow fromBytes(byte[] bytes, int order, float[] reuse) {
    if (bytes == null) {
      return new DeviceWindow(order);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte version = bytes.length < 1 + 8 * 3 + 4 * 2 ? 0 : b.get();
    if (version < 1 || version > VERSION_SD_INTERVAL) {
      return new DeviceWindow(order);
    }
    long lastSeq = b.getLong();
    long lastTs = b.getLong();
    long count = b.getLong();
    int head = b.getInt();
    int storedOrder = b.getInt();
    DeviceWindow w = new DeviceWindow(order);
    w.lastSeq = lastSeq;
    w.lastTsNs = lastTs;
    if (storedOrder < 0 || b.remaining() < 8L * storedOrder) {
      return w;
    }
    if (storedOrder == order) {
      w.count = count;
      w.head = head;
      for (int i = 0; i < order; i++) {
        w.ring[i] = b.getDouble();
      }
    } else {
      b.position(b.position() + 8 * storedOrder); // model changed shape: re-warm the samples
    }
    if (version >= VERSION) {
      w.monitor.read(
          b,
          version == VERSION_SD || version == VERSION_SD_INTERVAL,
          version == VERSION_INTERVAL || version == VERSION_SD_INTERVAL);
      if (b.remaining() >= 8) {
        w.lastRecordMs = b.getLong();
      }
      if (b.remaining() >= 4) {
        int n = b.getInt();
        if (n >= 0 && b.remaining() == 4L * n) {
          w.hissState = reuse != null && reuse.length == n ? reuse : new float[n];
          b.asFloatBuffer().get(w.hissState);
        }
      }
    }
    return w;
  }
}
