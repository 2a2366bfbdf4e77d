package dev.hiss.ops.bench;

import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import dev.hiss.ingestion.replay.Recording;

/**
 * Any number of devices sending a real recording for as long as needed: device {@code d} starts at
 * sample {@code d * length / devices} of the recording and wraps around at its end, so every device
 * carries real, mostly different signal even when devices × samples exceeds the recording (10,000
 * devices of the 5-minute ECG would otherwise get 10 samples each). Event times follow the
 * recording's sample rate from {@code startNs}; sequence numbers start at 0.
 */
final class BenchFleet {
  private final Recording recording;
  private final int devices;
  private final long startNs;
  private final double periodNs;
  private final String[] ids;

  /**
   * @param recording the recording every device replays from its own offset
   * @param devices number of devices, &gt;= 1
   * @param startNs event time of every device's seq 0 (epoch ns)
   */
  BenchFleet(Recording recording, int devices, long startNs) {
    if (devices < 1) {
      throw new IllegalArgumentException("Invalid devices = " + devices + "; must be >= 1");
    }
    this.recording = recording;
    this.devices = devices;
    this.startNs = startNs;
    this.periodNs = 1e9 / recording.sampleRateHz();
    this.ids = new String[devices];
    for (int d = 0; d < devices; d++) {
      ids[d] = "dev-" + d;
    }
  }

  int devices() {
    return devices;
  }

  String channel() {
    return recording.channel();
  }

  String deviceId(int d) {
    return ids[d];
  }

  /** Index of a device id of this fleet, or -1. */
  int deviceIndex(String id) {
    if (id == null || !id.startsWith("dev-") || id.length() > 14) {
      return -1;
    }
    try {
      int d = Integer.parseInt(id, 4, id.length(), 10);
      return d >= 0 && d < devices && ids[d].equals(id) ? d : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The recording's value that device {@code d} sends with sequence number {@code seq}. */
  double value(int d, long seq) {
    int n = recording.length();
    long offset = (long) d * n / devices;
    return recording.values()[(int) ((offset + seq) % n)];
  }

  /** The event of device {@code d} with sequence number {@code seq}. */
  SensorEvent event(int d, long seq) {
    return SensorEvent.of(
        ids[d], startNs + Math.round(seq * periodNs), seq, recording.channel(), value(d, seq));
  }

  /** The encoded event, as the scorer reads it. */
  byte[] encoded(int d, long seq) {
    return SensorEventCodec.encode(event(d, seq));
  }
}
