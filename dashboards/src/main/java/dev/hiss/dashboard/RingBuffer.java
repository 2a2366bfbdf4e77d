package dev.hiss.dashboard;

/**
 * A bounded series of (time, value) points: the newest {@code capacity} points, and none older than
 * {@code retentionNs} before the newest. Memory is fixed at construction (two primitive arrays).
 *
 * <p>Every appended point gets a cursor (0, 1, 2, ... in append order), so a reader can ask for
 * "everything since cursor c" and learn which points it missed because they were evicted. Thread
 * safe.
 *
 * <p>A buffer may carry extra value columns (e.g. a forecast's span and interval bounds), kept in
 * lockstep with the times: one {@code double} per point and column.
 */
public final class RingBuffer {
  private final long[] times;
  private final double[] values;
  private final double[][] extra; // [column][capacity]
  private final long retentionNs;
  private long appended; // cursor of the next point
  private int size;

  /**
   * The points of one read, oldest first, and the cursor to pass to the next read.
   *
   * @param timesNs point times
   * @param values the main column
   * @param nextCursor cursor to pass to the next {@link #since} call
   * @param extra the extra columns: {@code [column][point]}
   */
  public record Slice(long[] timesNs, double[] values, long nextCursor, double[][] extra) {
    /** Number of points. */
    public int length() {
      return timesNs.length;
    }
  }

  /**
   * @param capacity most points kept, at least 1
   * @param retentionNs points older than the newest minus this are dropped; 0 = no time limit
   */
  public RingBuffer(int capacity, long retentionNs) {
    this(capacity, retentionNs, 0);
  }

  /**
   * @param capacity most points kept, at least 1
   * @param retentionNs points older than the newest minus this are dropped; 0 = no time limit
   * @param extraColumns value columns kept besides the main one, at least 0
   */
  public RingBuffer(int capacity, long retentionNs, int extraColumns) {
    if (capacity < 1) {
      throw new IllegalArgumentException("Invalid capacity = " + capacity + "; must be >= 1");
    }
    if (retentionNs < 0) {
      throw new IllegalArgumentException("Invalid retentionNs = " + retentionNs + "; must be >= 0");
    }
    if (extraColumns < 0) {
      throw new IllegalArgumentException(
          "Invalid extraColumns = " + extraColumns + "; must be >= 0");
    }
    this.times = new long[capacity];
    this.values = new double[capacity];
    this.extra = new double[extraColumns][capacity];
    this.retentionNs = retentionNs;
  }

  /** Appends a point (extra columns, if any, are NaN); the oldest is overwritten when full. */
  public synchronized void add(long timeNs, double value) {
    int idx = put(timeNs, value);
    for (double[] column : extra) {
      column[idx] = Double.NaN;
    }
  }

  /**
   * Appends a point with its extra columns; the oldest point is overwritten when full.
   *
   * @param extras one value per extra column
   */
  public synchronized void add(long timeNs, double value, double... extras) {
    if (extras.length != extra.length) {
      throw new IllegalArgumentException(
          "Invalid extras: " + extras.length + " values for " + extra.length + " extra columns");
    }
    int idx = put(timeNs, value);
    for (int c = 0; c < extra.length; c++) {
      extra[c][idx] = extras[c];
    }
  }

  private int put(long timeNs, double value) {
    int idx = (int) (appended % times.length);
    times[idx] = timeNs;
    values[idx] = value;
    appended++;
    if (size < times.length) {
      size++;
    }
    if (retentionNs > 0) {
      long newest = timeNs;
      while (size > 1 && times[oldestIndex()] < newest - retentionNs) {
        size--;
      }
    }
    return idx;
  }

  private int oldestIndex() {
    return (int) ((appended - size) % times.length);
  }

  /** Points currently held. */
  public synchronized int size() {
    return size;
  }

  /** Points ever appended (the cursor of the next point). */
  public synchronized long appended() {
    return appended;
  }

  /** Number of extra value columns. */
  public int extraColumns() {
    return extra.length;
  }

  /** Capacity given at construction. */
  public int capacity() {
    return times.length;
  }

  /** Every point held, oldest first. */
  public Slice snapshot() {
    return since(0);
  }

  /**
   * The points with a cursor {@code >= cursor} that are still held, oldest first (all held points
   * if the cursor is older than the oldest one).
   */
  public synchronized Slice since(long cursor) {
    long first = Math.max(Math.max(cursor, 0), appended - size);
    int n = (int) Math.max(0, appended - first);
    long[] t = new long[n];
    double[] v = new double[n];
    double[][] x = new double[extra.length][n];
    for (int i = 0; i < n; i++) {
      int idx = (int) ((first + i) % times.length);
      t[i] = times[idx];
      v[i] = values[idx];
      for (int c = 0; c < extra.length; c++) {
        x[c][i] = extra[c][idx];
      }
    }
    return new Slice(t, v, appended, x);
  }

  /** Mean of the held values, or NaN when empty. */
  public synchronized double mean() {
    if (size == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (long c = appended - size; c < appended; c++) {
      sum += values[(int) (c % times.length)];
    }
    return sum / size;
  }

  /** The newest value, or NaN when empty. */
  public synchronized double last() {
    return size == 0 ? Double.NaN : values[(int) ((appended - 1) % times.length)];
  }

  /** The newest time, or 0 when empty. */
  public synchronized long lastTimeNs() {
    return size == 0 ? 0 : times[(int) ((appended - 1) % times.length)];
  }
}
