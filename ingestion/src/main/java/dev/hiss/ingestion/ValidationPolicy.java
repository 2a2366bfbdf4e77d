package dev.hiss.ingestion;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The tunable part of validation: what counts as a sane timestamp, how large a record may be, how
 * many channels it may carry, and the physical range of each known channel.
 *
 * @param maxPayloadBytes largest accepted record value, in bytes (>= 64)
 * @param maxChannels most channels in one event (>= 1)
 * @param earliest earliest accepted event time
 * @param maxClockSkew how far in the future (against this machine's clock) an event may lie
 * @param channelRanges declared {@code [min, max]} per channel name; channels not listed are
 *     unbounded (but must be finite)
 */
public record ValidationPolicy(
    int maxPayloadBytes,
    int maxChannels,
    Instant earliest,
    Duration maxClockSkew,
    Map<String, Range> channelRanges)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Defaults: 64 KiB, 256 channels, events from 2000-01-01 to one day ahead, no ranges. */
  public static final ValidationPolicy DEFAULT =
      new ValidationPolicy(
          64 * 1024, 256, Instant.parse("2000-01-01T00:00:00Z"), Duration.ofDays(1), Map.of());

  /** A closed interval of physically possible values. */
  public record Range(double min, double max) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Validates that the interval is non-empty and finite. */
    public Range {
      if (!(Double.isFinite(min) && Double.isFinite(max) && min <= max)) {
        throw new IllegalArgumentException(
            "Invalid range [" + min + ", " + max + "]; must be finite with min <= max");
      }
    }
  }

  /** Validates every field. */
  public ValidationPolicy {
    if (maxPayloadBytes < 64) {
      throw new IllegalArgumentException(
          "Invalid maxPayloadBytes = " + maxPayloadBytes + "; must be >= 64");
    }
    if (maxChannels < 1) {
      throw new IllegalArgumentException("Invalid maxChannels = " + maxChannels + "; must be >= 1");
    }
    if (earliest == null || maxClockSkew == null || maxClockSkew.isNegative()) {
      throw new IllegalArgumentException(
          "Invalid earliest = " + earliest + " / maxClockSkew = " + maxClockSkew);
    }
    channelRanges = Map.copyOf(channelRanges);
  }

  /** This policy with a declared range for one channel. */
  public ValidationPolicy withRange(String channel, double min, double max) {
    Map<String, Range> m = new java.util.HashMap<>(channelRanges);
    m.put(channel, new Range(min, max));
    return new ValidationPolicy(maxPayloadBytes, maxChannels, earliest, maxClockSkew, m);
  }

  /**
   * Checks the policy rules on a structurally valid event.
   *
   * @throws InvalidEventException with rule TIMESTAMP, CHANNELS or CHANNEL_RANGE
   */
  public void check(SensorEvent e, long nowNs) {
    long earliestNs = earliest.getEpochSecond() * 1_000_000_000L + earliest.getNano();
    if (e.timestampNs() < earliestNs) {
      throw new InvalidEventException(
          ValidationRule.TIMESTAMP,
          "timestampNs",
          e.timestamp(),
          "before the earliest accepted time " + earliest);
    }
    if (e.timestampNs() - nowNs > maxClockSkew.toNanos()) {
      throw new InvalidEventException(
          ValidationRule.TIMESTAMP,
          "timestampNs",
          e.timestamp(),
          "more than " + maxClockSkew + " in the future");
    }
    if (e.channels().size() > maxChannels) {
      throw new InvalidEventException(
          ValidationRule.CHANNELS,
          "channels",
          e.channels().size() + " channels",
          "at most " + maxChannels);
    }
    if (!channelRanges.isEmpty()) {
      for (Map.Entry<String, Double> c : e.channels().entrySet()) {
        Range r = channelRanges.get(c.getKey());
        if (r != null && (c.getValue() < r.min() || c.getValue() > r.max())) {
          throw new InvalidEventException(
              ValidationRule.CHANNEL_RANGE,
              "channels." + c.getKey(),
              c.getValue(),
              "outside the declared range [" + r.min() + ", " + r.max() + "]");
        }
      }
    }
  }
}
