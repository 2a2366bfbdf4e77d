package dev.hiss.ingestion.replay;

import dev.hiss.ingestion.SensorEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replays one recording as a fleet of devices: the recording is cut into {@code devices}
 * contiguous, equally long segments, and device {@code i} ({@code <prefix>-i}) sends segment {@code
 * i} with sequence numbers from 0 and event times {@code startNs + t}. Every device so carries
 * real, different signal. Records are produced with an idempotent producer and {@code acks=all}.
 */
public final class FleetReplay {
  private final Recording recording;
  private final int devices;
  private final int samplesPerDevice;
  private final String devicePrefix;
  private final long startNs;

  /**
   * @param recording the recording to cut
   * @param devices number of devices, at least 1
   * @param samplesPerDevice samples each device sends; at most {@code recording.length() /
   *     devices}; 0 takes that maximum
   * @param devicePrefix device ids are {@code prefix-0 .. prefix-(devices-1)}
   * @param startNs event time of each device's first sample (epoch ns)
   */
  public FleetReplay(
      Recording recording, int devices, int samplesPerDevice, String devicePrefix, long startNs) {
    if (devices < 1) {
      throw new IllegalArgumentException("Invalid devices = " + devices + "; must be >= 1");
    }
    int max = recording.length() / devices;
    if (samplesPerDevice < 0 || samplesPerDevice > max) {
      throw new IllegalArgumentException(
          "Invalid samplesPerDevice = "
              + samplesPerDevice
              + "; must be in [0, "
              + max
              + "] for "
              + devices
              + " devices of "
              + recording.name());
    }
    this.recording = recording;
    this.devices = devices;
    this.samplesPerDevice = samplesPerDevice == 0 ? max : samplesPerDevice;
    this.devicePrefix = devicePrefix;
    this.startNs = startNs;
  }

  /** Device id of device {@code i}. */
  public String deviceId(int i) {
    return devicePrefix + "-" + i;
  }

  /** Number of devices. */
  public int devices() {
    return devices;
  }

  /** Samples each device sends. */
  public int samplesPerDevice() {
    return samplesPerDevice;
  }

  /** Total events this replay sends. */
  public long totalEvents() {
    return (long) devices * samplesPerDevice;
  }

  /** The value device {@code i} sends with sequence number {@code seq}. */
  public double value(int device, long seq) {
    return recording.values()[device * (recording.length() / devices) + (int) seq];
  }

  /** The event of device {@code i} with sequence number {@code seq}. */
  public SensorEvent event(int device, long seq) {
    int idx = device * (recording.length() / devices) + (int) seq;
    int first = device * (recording.length() / devices);
    long offsetNs = Math.round((recording.timesS()[idx] - recording.timesS()[first]) * 1e9);
    return SensorEvent.of(
        deviceId(device), startNs + offsetNs, seq, recording.channel(), recording.values()[idx]);
  }

  /** The fleet as device series (the form {@link ReplayRunner} sends). */
  public List<DeviceSeries> toDeviceSeries() {
    List<DeviceSeries> out = new ArrayList<>();
    for (int d = 0; d < devices; d++) {
      long[] ts = new long[samplesPerDevice];
      double[][] v = new double[samplesPerDevice][1];
      for (int s = 0; s < samplesPerDevice; s++) {
        ts[s] = event(d, s).timestampNs();
        v[s][0] = value(d, s);
      }
      out.add(new DeviceSeries(deviceId(d), ts, List.of(recording.channel()), v));
    }
    return out;
  }

  /**
   * Sends every event as fast as possible (interleaved across devices in time order) and waits for
   * all acks.
   *
   * @return events sent per device
   */
  public Map<String, Long> sendAll(String bootstrapServers, String topic) {
    return ReplayRunner.run(toDeviceSeries(), bootstrapServers, topic, 0, 0, null);
  }
}
