package dev.hiss.ingestion.lake;

import java.io.Serializable;

/**
 * One device's time-ordered series of one channel, as read by {@link Lake#series}: a Java bean so
 * that Spark can encode it ({@code Encoders.bean}).
 */
public final class LakeSeries implements Serializable {
  private static final long serialVersionUID = 1L;

  private String device;
  private long[] seq;
  private long[] tsNs;
  private double[] values;

  /** The device id. */
  public String getDevice() {
    return device;
  }

  public void setDevice(String device) {
    this.device = device;
  }

  /** Sequence numbers {@code [n]}, in time order (-1 where the device sent none). */
  public long[] getSeq() {
    return seq;
  }

  public void setSeq(long[] seq) {
    this.seq = seq;
  }

  /** Event times {@code [n]}, epoch ns, non-decreasing. */
  public long[] getTsNs() {
    return tsNs;
  }

  public void setTsNs(long[] tsNs) {
    this.tsNs = tsNs;
  }

  /** Channel values {@code [n]}. */
  public double[] getValues() {
    return values;
  }

  public void setValues(double[] values) {
    this.values = values;
  }
}
