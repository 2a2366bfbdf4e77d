package dev.hiss.streaming.internal;

import dev.hiss.streaming.AnomalySettings;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Per-device anomaly state: forecasts waiting for their actual sample (with the model's predicted
 * standard deviation or its central quantile interval when it has one), and an exponentially
 * weighted mean and variance of the residuals {@code actual - predicted}. Three rules ({@link
 * Rule}):
 *
 * <ul>
 *   <li>{@link Rule#QUANTILE_INTERVAL}, when the forecast carries a central quantile interval [lo,
 *       hi] (a quantile-head model; {@code predicted} is its median m): the actual is an anomaly
 *       when it is below m − {@code intervalK}·(m − lo) or above m + {@code intervalK}·(hi − m),
 *       from the first residual on;
 *   <li>{@link Rule#PREDICTED_SD}, when the forecast carries a finite predicted standard deviation
 *       σ &gt; 0 (a probabilistic model): the residual is an anomaly when |r| &gt; {@code
 *       stdDevK}·σ, from the first residual on (the model states its own uncertainty, so there is
 *       no warm-up);
 *   <li>{@link Rule#RUNNING_STATS} otherwise: a residual further than {@code k} running standard
 *       deviations from the running mean, after {@code warmup} residuals.
 * </ul>
 *
 * Every residual (anomalous or not, any rule) then updates the running statistics, so a lasting
 * level shift stops alarming once the statistics have absorbed it.
 */
final class ResidualMonitor {
  /** Forecasts kept waiting at most (older ones are dropped when the queue is full). */
  static final int MAX_PENDING = 64;

  // a ring of the waiting forecasts; it starts small and grows up to MAX_PENDING (a device has one
  // or two waiting forecasts, and the scorer restores a monitor for every record it scores)
  private long[] pendingSeq = new long[4];
  private double[] pendingValue = new double[4];
  private double[] pendingSd = new double[4];
  // {lower, upper, level} of each waiting forecast's quantile interval (NaN: none); allocated with
  // the first interval, so that AR and Gaussian devices do not pay for it
  private double[] pendingInterval;
  private int pendingStart;
  private int pendingCount;
  long residuals;
  double mean;
  double var;

  /** Which rule judged a residual; {@link #kind()} is the alert kind it raises. */
  enum Rule {
    /** |r − running mean| &gt; k · running sd, after the warm-up. */
    RUNNING_STATS("residual"),
    /** |r| &gt; stdDevK · the forecast's predicted sd. */
    PREDICTED_SD("residual-sd"),
    /** The actual outside the forecast's quantile interval widened intervalK times. */
    QUANTILE_INTERVAL("quantile-interval");

    private final String kind;

    Rule(String kind) {
      this.kind = kind;
    }

    /** The alert kind. */
    String kind() {
      return kind;
    }
  }

  /**
   * The outcome of a sample that had a forecast, judged by {@code rule}.
   *
   * @param value the residual actual − predicted
   * @param predicted the forecast (a quantile forecast's median)
   * @param threshold how far from {@code predicted} the residual may go on its side: k · running
   *     sd, stdDevK · sd, or intervalK times the distance from the median to the interval bound on
   *     the residual's side (so that an interval anomaly has |value| &gt; threshold)
   * @param sd the running or predicted sd (NaN under the interval rule)
   * @param lower the quantile interval's lower bound as forecast (not widened), or NaN
   * @param upper its upper bound, or NaN
   * @param level its central probability (e.g. 0.8 for 0.1/0.9), or NaN
   */
  record Residual(
      double value,
      double predicted,
      double threshold,
      boolean anomaly,
      Rule rule,
      double sd,
      double lower,
      double upper,
      double level) {
    /** An outcome of a rule that does not look at a quantile interval. */
    Residual(
        double value, double predicted, double threshold, boolean anomaly, Rule rule, double sd) {
      this(value, predicted, threshold, anomaly, rule, sd, Double.NaN, Double.NaN, Double.NaN);
    }
  }

  /** Remembers a point forecast of sample {@code targetSeq}. */
  void expect(long targetSeq, double predicted) {
    expect(targetSeq, predicted, Double.NaN);
  }

  /**
   * Remembers a forecast of sample {@code targetSeq} with its predicted standard deviation (NaN for
   * a point forecast).
   */
  void expect(long targetSeq, double predicted, double sd) {
    expect(targetSeq, predicted, sd, Double.NaN, Double.NaN, Double.NaN);
  }

  /**
   * Remembers a forecast of sample {@code targetSeq}: its point value (a quantile forecast's
   * median), predicted standard deviation and central quantile interval [{@code lower}, {@code
   * upper}] of probability {@code level} (NaN for what the forecast lacks).
   */
  void expect(
      long targetSeq, double predicted, double sd, double lower, double upper, double level) {
    if (pendingCount == MAX_PENDING) {
      pendingStart = (pendingStart + 1) % pendingSeq.length;
      pendingCount--;
    } else if (pendingCount == pendingSeq.length) {
      grow();
    }
    int at = (pendingStart + pendingCount) % pendingSeq.length;
    pendingSeq[at] = targetSeq;
    pendingValue[at] = predicted;
    pendingSd[at] = sd;
    if (pendingInterval == null && !Double.isNaN(level)) {
      pendingInterval = new double[3 * pendingSeq.length];
      Arrays.fill(pendingInterval, Double.NaN);
    }
    if (pendingInterval != null) {
      pendingInterval[3 * at] = lower;
      pendingInterval[3 * at + 1] = upper;
      pendingInterval[3 * at + 2] = level;
    }
    pendingCount++;
  }

  /** Doubles the ring (at most MAX_PENDING), the waiting forecasts first in order. */
  private void grow() {
    int capacity = Math.min(MAX_PENDING, 2 * pendingSeq.length);
    long[] seq = new long[capacity];
    double[] value = new double[capacity];
    double[] sd = new double[capacity];
    double[] interval = pendingInterval == null ? null : new double[3 * capacity];
    for (int i = 0; i < pendingCount; i++) {
      int at = (pendingStart + i) % pendingSeq.length;
      seq[i] = pendingSeq[at];
      value[i] = pendingValue[at];
      sd[i] = pendingSd[at];
      if (interval != null) {
        System.arraycopy(pendingInterval, 3 * at, interval, 3 * i, 3);
      }
    }
    pendingInterval = interval;
    pendingSeq = seq;
    pendingValue = value;
    pendingSd = sd;
    pendingStart = 0;
  }

  /** Forgets waiting forecasts (after a gap the samples they wait for may never come). */
  void clearPending() {
    pendingCount = 0;
    pendingStart = 0;
  }

  /**
   * Whether a forecast waits for sample {@code seq}; forgets the forecasts of earlier samples,
   * which never came. Lets a caller skip computing an actual value nobody waits for.
   */
  boolean waitsFor(long seq) {
    while (pendingCount > 0 && pendingSeq[pendingStart] < seq) {
      pendingStart = (pendingStart + 1) % pendingSeq.length; // its sample never came
      pendingCount--;
    }
    return pendingCount > 0 && pendingSeq[pendingStart] == seq;
  }

  /**
   * Matches a sample against its forecast, if one waits for it.
   *
   * @return the residual, the rule that judged it and whether it is anomalous, or null when no
   *     forecast targeted {@code seq}
   */
  Residual observe(long seq, double actual, AnomalySettings s) {
    if (!waitsFor(seq)) {
      return null;
    }
    double predicted = pendingValue[pendingStart];
    double predictedSd = pendingSd[pendingStart];
    double lower = Double.NaN;
    double upper = Double.NaN;
    double level = Double.NaN;
    if (pendingInterval != null) {
      lower = pendingInterval[3 * pendingStart];
      upper = pendingInterval[3 * pendingStart + 1];
      level = pendingInterval[3 * pendingStart + 2];
    }
    pendingStart = (pendingStart + 1) % pendingSeq.length;
    pendingCount--;
    double r = actual - predicted;
    Residual out;
    if (Double.isFinite(lower) && Double.isFinite(upper) && !Double.isNaN(level)) {
      // widened about the median, each side by its own distance: a skewed interval stays skewed
      double low = predicted - s.intervalK() * (predicted - lower);
      double high = predicted + s.intervalK() * (upper - predicted);
      boolean anomaly = actual < low || actual > high;
      double threshold = actual > predicted ? high - predicted : predicted - low;
      out =
          new Residual(
              r,
              predicted,
              threshold,
              anomaly,
              Rule.QUANTILE_INTERVAL,
              Double.NaN,
              lower,
              upper,
              level);
    } else if (Double.isFinite(predictedSd) && predictedSd > 0) {
      double threshold = s.stdDevK() * predictedSd;
      out =
          new Residual(
              r, predicted, threshold, Math.abs(r) > threshold, Rule.PREDICTED_SD, predictedSd);
    } else {
      double sd = Math.sqrt(var);
      double threshold = s.k() * sd;
      boolean anomaly = residuals >= s.warmup() && sd > 0 && Math.abs(r - mean) > threshold;
      out = new Residual(r, predicted, threshold, anomaly, Rule.RUNNING_STATS, sd);
    }
    if (residuals == 0) {
      mean = r;
      var = 0;
    } else {
      double d = r - mean;
      mean += s.alpha() * d;
      var = (1 - s.alpha()) * (var + s.alpha() * d * d);
    }
    residuals++;
    return out;
  }

  /** Whether a waiting forecast carries a predicted standard deviation (layout version 3). */
  boolean hasSd() {
    for (int i = 0; i < pendingCount; i++) {
      if (!Double.isNaN(pendingSd[(pendingStart + i) % pendingSeq.length])) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a waiting forecast carries a quantile interval (layout versions 4 and 5, {@link
   * DeviceWindow}).
   */
  boolean hasInterval() {
    if (pendingInterval == null) {
      return false;
    }
    for (int i = 0; i < pendingCount; i++) {
      if (!Double.isNaN(pendingInterval[3 * ((pendingStart + i) % pendingSeq.length) + 2])) {
        return true;
      }
    }
    return false;
  }

  /**
   * Serialized size; with {@code withSd} each waiting forecast adds its sd (8 bytes), with {@code
   * withInterval} its interval's lower, upper and level (24 bytes).
   */
  int bytes(boolean withSd, boolean withInterval) {
    return 4 + pendingCount * (16 + (withSd ? 8 : 0) + (withInterval ? 24 : 0)) + 8 * 3;
  }

  /**
   * Writes {@code [count][count × (seq, value)][count × sd, only withSd][count × (lower, upper,
   * level), only withInterval][residuals][mean][var]}.
   */
  void write(ByteBuffer b, boolean withSd, boolean withInterval) {
    b.putInt(pendingCount);
    for (int i = 0; i < pendingCount; i++) {
      int at = (pendingStart + i) % pendingSeq.length;
      b.putLong(pendingSeq[at]).putDouble(pendingValue[at]);
    }
    if (withSd) {
      for (int i = 0; i < pendingCount; i++) {
        b.putDouble(pendingSd[(pendingStart + i) % pendingSeq.length]);
      }
    }
    if (withInterval) {
      for (int i = 0; i < pendingCount; i++) {
        int at = 3 * ((pendingStart + i) % pendingSeq.length);
        b.putDouble(pendingInterval[at])
            .putDouble(pendingInterval[at + 1])
            .putDouble(pendingInterval[at + 2]);
      }
    }
    b.putLong(residuals).putDouble(mean).putDouble(var);
  }

  /**
   * Reads what {@link #write} wrote (the sds NaN without {@code withSd}, the intervals without
   * {@code withInterval}).
   */
  void read(ByteBuffer b, boolean withSd, boolean withInterval) {
    int n = b.getInt();
    if (n < 0 || n > MAX_PENDING) {
      throw new IllegalArgumentException("Invalid pending count " + n);
    }
    for (int i = 0; i < n; i++) {
      expect(b.getLong(), b.getDouble());
    }
    if (withSd) {
      for (int i = 0; i < n; i++) {
        pendingSd[(pendingStart + i) % pendingSeq.length] = b.getDouble();
      }
    }
    if (withInterval && n > 0) {
      pendingInterval = new double[3 * pendingSeq.length];
      for (int i = 0; i < n; i++) {
        int at = 3 * ((pendingStart + i) % pendingSeq.length);
        pendingInterval[at] = b.getDouble();
        pendingInterval[at + 1] = b.getDouble();
        pendingInterval[at + 2] = b.getDouble();
      }
    }
    residuals = b.getLong();
    mean = b.getDouble();
    var = b.getDouble();
  }
}
