package dev.hiss.streaming;

/**
 * When the scorer raises an anomaly alert on a forecast's residual r = actual − predicted (once the
 * forecast sample arrives; for HiSS the actual is the mean of the target over the forecast's
 * chunk). Three rules, chosen by what the forecast carries:
 *
 * <ul>
 *   <li><b>quantile interval</b> (alert kind {@code quantile-interval}): when the forecast comes
 *       from a quantile-head model whose levels hold a central pair l and 1 − l (within 1e-9; the
 *       smallest such l, the widest interval, e.g. 0.1/0.9 = the 80 % interval [lo, hi]), alert
 *       when the actual is outside that interval widened {@code intervalK} times about the forecast
 *       median m: below m − intervalK·(m − lo) or above m + intervalK·(hi − m) (the widening keeps
 *       the interval's asymmetry); no warm-up;
 *   <li><b>predicted sd</b> (alert kind {@code residual-sd}): when the forecast comes from a
 *       probabilistic model (a Gaussian head: the prediction's standard deviation σ is finite and
 *       &gt; 0), alert when |r| &gt; {@code stdDevK}·σ; no warm-up, the model states its own
 *       uncertainty;
 *   <li><b>running statistics</b> (alert kind {@code residual}), for point forecasts (and a
 *       quantile model's median when its levels hold no central pair): alert when r is further than
 *       {@code k} running standard deviations from the running mean residual, after {@code warmup}
 *       residuals of that device. The running statistics are exponentially weighted with {@code
 *       alpha} (and updated by every residual, under every rule).
 * </ul>
 *
 * @param k threshold of the running rule in running standard deviations (&gt; 0, finite)
 * @param warmup residuals a device needs before the running rule can alert (&gt;= 2)
 * @param alpha weight of the newest residual in the running statistics, in (0, 1)
 * @param stdDevK threshold of the predicted-sd rule in predicted standard deviations (&gt; 0,
 *     finite); {@value #DEFAULT_STD_DEV_K} by default: for a calibrated Gaussian forecast a 4σ
 *     residual happens by chance about once in 16,000 forecasts
 * @param intervalK how many times the quantile interval is widened about the median before an
 *     actual outside it alerts (&gt;= 1, finite; 1 = the model's own interval); {@value
 *     #DEFAULT_INTERVAL_K} by default: a calibrated model's actual leaves its own 80 % interval
 *     once in 5 forecasts, which is no anomaly, while for a Gaussian-shaped forecast 3 × the 80 %
 *     interval is ±3.84σ (by chance about once in 8,000 forecasts, near the predicted-sd rule's 4σ)
 */
public record AnomalySettings(
    double k, long warmup, double alpha, double stdDevK, double intervalK) {
  /** Default threshold of the predicted-sd rule, in predicted standard deviations. */
  public static final double DEFAULT_STD_DEV_K = 4.0;

  /** Default widening of the quantile interval about the median. */
  public static final double DEFAULT_INTERVAL_K = 3.0;

  /**
   * 4 running sd, 30 residuals of warm-up, alpha 0.05 (about the last 20 residuals), 4 predicted
   * sd, 3 × the quantile interval.
   */
  public static final AnomalySettings DEFAULT =
      new AnomalySettings(4.0, 30, 0.05, DEFAULT_STD_DEV_K, DEFAULT_INTERVAL_K);

  /** Settings of the running rule with the default predicted-sd and interval thresholds. */
  public AnomalySettings(double k, long warmup, double alpha) {
    this(k, warmup, alpha, DEFAULT_STD_DEV_K);
  }

  /** Settings of the running and predicted-sd rules with the default interval widening. */
  public AnomalySettings(double k, long warmup, double alpha, double stdDevK) {
    this(k, warmup, alpha, stdDevK, DEFAULT_INTERVAL_K);
  }

  /** Validates every field. */
  public AnomalySettings {
    if (!(k > 0) || Double.isInfinite(k)) {
      throw new IllegalArgumentException("Invalid k = " + k + "; must be > 0");
    }
    if (!(stdDevK > 0) || Double.isInfinite(stdDevK)) {
      throw new IllegalArgumentException(
          "Invalid stdDevK = " + stdDevK + "; must be > 0 and finite");
    }
    if (!(intervalK >= 1) || Double.isInfinite(intervalK)) {
      throw new IllegalArgumentException(
          "Invalid intervalK = " + intervalK + "; must be >= 1 and finite");
    }
    if (warmup < 2) {
      throw new IllegalArgumentException("Invalid warmup = " + warmup + "; must be >= 2");
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("Invalid alpha = " + alpha + "; must be in (0, 1)");
    }
  }
}
