package dev.hiss.forecasting.metric;

import java.util.List;

/**
 * Metrics per channel and overall.
 *
 * @param channels one entry per target channel, in channel order
 * @param overall all channels together, every scored element weighted equally
 */
public record MetricReport(List<ChannelMetrics> channels, ChannelMetrics overall) {
  /** Copies the list. */
  public MetricReport {
    channels = List.copyOf(channels);
  }

  /** The metrics of a named channel. */
  public ChannelMetrics channel(String name) {
    return channels.stream()
        .filter(c -> c.channel().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown channel '" + name + "'"));
  }
}
