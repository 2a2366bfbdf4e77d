package dev.hiss.streaming.internal;

import dev.hiss.streaming.AnomalySettings;
import java.nio.ByteBuffer;

/**
 * Per-device anomaly state: forecasts waiting for their actual sample (with the model's predicted
 * standard deviation when it has one), and an exponentially weighted mean and variance of the
 * residuals {@code actual - predicted}. Two rules ({@link Rule}):
 *
 * <ul>
 *   <li>{@link Rule#PREDICTED_SD}, when the forecast carries a finite predicted standard deviation
 *       σ &gt; 0 (a probabilistic model): the residual is an anomaly when |r| &gt; {@code
 *       stdDevK}·σ, from the first residual on (the model states its own uncertainty, so there is
 *       no warm-up);
 *   <li>{@link Rule#RUNNING_STATS} otherwise: a residual further than {@code k} running standard
 *       deviations from the running mean, after {@code warmup} residuals.
 * </ul>
 *
 * Every residual (anomalous or not, either rule) then updates the running statistics, so a lasting
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
    PREDICTED_SD("residual-sd");

    private final String kind;

    Rule(String kind) {
      this.kind = kind;
    }

    /** The alert kind. */
    String kind() {
      return kind;
    }
  }

  /** The outcome of a sample that had a forecast, judged by {@code rule}. */
  record Residual(
      double value, double predicted, double threshold, boolean anomaly, Rule rule, double sd) {}

  /** Remembers a point forecast of sample {@code targetSeq}. */
  void expect(long targetSeq, double predicted) {
    expect(targetSeq, predicted, Double.NaN);
  }

  /**
   * Remembers a forecast of sample {@code targetSeq} with its predicted standard deviation (NaN for
   * a point forecast).
   */
  void expect(long targetSeq, double predicted, double sd) {
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
    pendingCount++;
  }

  /** Doubles the ring (at most MAX_PENDING), the waiting forecasts first in order. */
  private void grow() {
    int capacity = Math.min(MAX_PENDING, 2 * pendingSeq.length);
    long[] seq = new long[capacity];
    double[] value = new double[capacity];
    double[] sd = new double[capacity];
    for (int i = 0; i < pendingCount; i++) {
      int at = (pendingStart + i) % pendingSeq.length;
      seq[i] = pendingSeq[at];
      value[i] = pendingValue[at];
      sd[i] = pendingSd[at];
    }
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
    pendingStart = (pendingStart + 1) % pendingSeq.length;
    pendingCount--;
    double r = actual - predicted;
    Residual out;
    if (Double.isFinite(predictedSd) && predictedSd > 0) {
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

  /** Serialized size; with {@code withSd} each waiting forecast adds its sd (8 bytes). */
  int bytes(boolean withSd) {
    return 4 + pendingCount * (withSd ? 24 : 16) + 8 * 3;
  }

  /**
   * Writes {@code [count][count × (seq, value)][count × sd, only withSd][residuals][mean][var]}.
   */
  void write(ByteBuffer b, boolean withSd) {
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
    b.putLong(residuals).putDouble(mean).putDouble(var);
  }

  /** Reads what {@link #write} wrote (the sds NaN without {@code withSd}). */
  void read(ByteBuffer b, boolean withSd) {
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
    residuals = b.getLong();
    mean = b.getDouble();
    var = b.getDouble();
  }
}
