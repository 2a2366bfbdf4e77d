package dev.hiss.ingestion.replay;

import dev.hiss.ingestion.SensorEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples one device will send: event times and channel values ({@code NaN} = missing in that
 * sample; a sample with every channel missing is not sent).
 *
 * @param deviceId the device id (the Kafka key)
 * @param timesNs event times, epoch ns, non-decreasing: {@code [n]}
 * @param channels channel names: {@code [c]}
 * @param values {@code [n][c]}
 */
public record DeviceSeries(
    String deviceId, long[] timesNs, List<String> channels, double[][] values) {
  /** Validates shapes and time order. */
  public DeviceSeries {
    if (timesNs.length != values.length) {
      throw new IllegalArgumentException(
          "Invalid series "
              + deviceId
              + ": "
              + timesNs.length
              + " times, "
              + values.length
              + " rows");
    }
    for (int i = 1; i < timesNs.length; i++) {
      if (timesNs[i] < timesNs[i - 1]) {
        throw new IllegalArgumentException(
            "Invalid series " + deviceId + ": time goes backwards at sample " + i);
      }
    }
    channels = List.copyOf(channels);
  }

  /** Number of samples. */
  public int length() {
    return timesNs.length;
  }

  /**
   * The event for sample {@code i} (sequence number {@code i}), or null when every channel is
   * missing in it.
   */
  public SensorEvent event(int i) {
    Map<String, Double> ch = new LinkedHashMap<>();
    for (int c = 0; c < channels.size(); c++) {
      double v = values[i][c];
      if (!Double.isNaN(v)) {
        ch.put(channels.get(c), v);
      }
    }
    return ch.isEmpty()
        ? null
        : new SensorEvent(SensorEvent.SCHEMA_VERSION, deviceId, timesNs[i], i, ch);
  }
}
