package dev.hiss.forecasting.metric;

/**
 * Running point-forecast errors: count, MSE, MAE, RMSE. Add pairs with {@link #add}; merge partial
 * results with {@link #merge}.
 */
public final class PointMetrics {
  private long count;
  private double sumSq;
  private double sumAbs;

  /** Adds one (prediction, actual) pair; non-finite pairs are rejected. */
  public void add(double predicted, double actual) {
    if (!Double.isFinite(predicted) || !Double.isFinite(actual)) {
      throw new IllegalArgumentException(
          "Invalid pair (predicted = " + predicted + ", actual = " + actual + "); must be finite");
    }
    double e = predicted - actual;
    count++;
    sumSq += e * e;
    sumAbs += Math.abs(e);
  }

  /** Adds the pairs counted by another instance. */
  public void merge(PointMetrics other) {
    count += other.count;
    sumSq += other.sumSq;
    sumAbs += other.sumAbs;
  }

  public long count() {
    return count;
  }

  /** Mean squared error; NaN when empty. */
  public double mse() {
    return count == 0 ? Double.NaN : sumSq / count;
  }

  /** Root mean squared error; NaN when empty. */
  public double rmse() {
    return Math.sqrt(mse());
  }

  /** Mean absolute error; NaN when empty. */
  public double mae() {
    return count == 0 ? Double.NaN : sumAbs / count;
  }
}
