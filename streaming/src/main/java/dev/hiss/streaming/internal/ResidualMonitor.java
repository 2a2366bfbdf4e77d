package dev.hiss.streaming.internal;

import java.nio.ByteBuffer;

/**
 * Per-device anomaly state: forecasts waiting for their actual sample, and an exponentially
 * weighted mean and variance of the residuals {@code actual - predicted}. A residual further than
 * {@code k} standard deviations from the mean, after {@code warmup} residuals, is an anomaly; every
 * residual (anomalous or not) then updates the statistics, so a lasting level shift stops alarming
 * once the statistics have absorbed it.
 */
final class ResidualMonitor {
  /** Forecasts kept waiting at most (older ones are dropped when the queue is full). */
  static final int MAX_PENDING = 64;

  private final long[] pendingSeq = new long[MAX_PENDING];
  private final double[] pendingValue = new double[MAX_PENDING];
  private int pendingStart;
  private int pendingCount;
  long residuals;
  double mean;
  double var;

  /** The outcome of a sample that had a forecast. */
  record Residual(double value, double predicted, double threshold, boolean anomaly) {}

  /** Remembers a forecast of sample {@code targetSeq}. */
  void expect(long targetSeq, double predicted) {
    if (pendingCount == MAX_PENDING) {
      pendingStart = (pendingStart + 1) % MAX_PENDING;
      pendingCount--;
    }
    int at = (pendingStart + pendingCount) % MAX_PENDING;
    pendingSeq[at] = targetSeq;
    pendingValue[at] = predicted;
    pendingCount++;
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
      pendingStart = (pendingStart + 1) % MAX_PENDING; // its sample never came
      pendingCount--;
    }
    return pendingCount > 0 && pendingSeq[pendingStart] == seq;
  }

  /**
   * Matches a sample against its forecast, if one waits for it.
   *
   * @return the residual and whether it is anomalous, or null when no forecast targeted {@code seq}
   */
  Residual observe(long seq, double actual, double k, long warmup, double alpha) {
    if (!waitsFor(seq)) {
      return null;
    }
    double predicted = pendingValue[pendingStart];
    pendingStart = (pendingStart + 1) % MAX_PENDING;
    pendingCount--;
    double r = actual - predicted;
    double sd = Math.sqrt(var);
    double threshold = k * sd;
    boolean anomaly = residuals >= warmup && sd > 0 && Math.abs(r - mean) > threshold;
    if (residuals == 0) {
      mean = r;
      var = 0;
    } else {
      double d = r - mean;
      mean += alpha * d;
      var = (1 - alpha) * (var + alpha * d * d);
    }
    residuals++;
    return new Residual(r, predicted, threshold, anomaly);
  }

  int bytes() {
    return 4 + pendingCount * 16 + 8 * 3;
  }

  void write(ByteBuffer b) {
    b.putInt(pendingCount);
    for (int i = 0; i < pendingCount; i++) {
      int at = (pendingStart + i) % MAX_PENDING;
      b.putLong(pendingSeq[at]).putDouble(pendingValue[at]);
    }
    b.putLong(residuals).putDouble(mean).putDouble(var);
  }

  void read(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0 || n > MAX_PENDING) {
      throw new IllegalArgumentException("Invalid pending count " + n);
    }
    for (int i = 0; i < n; i++) {
      expect(b.getLong(), b.getDouble());
    }
    residuals = b.getLong();
    mean = b.getDouble();
    var = b.getDouble();
  }
}
