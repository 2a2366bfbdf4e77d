package dev.hiss.streaming;

/**
 * When the scorer raises an anomaly alert on a forecast's residual r = actual − predicted (once the
 * forecast sample arrives). Two rules:
 *
 * <ul>
 *   <li><b>predicted sd</b> (alert kind {@code residual-sd}): when the forecast comes from a
 *       probabilistic model (a Gaussian head: the prediction's standard deviation σ is finite and
 *       &gt; 0), alert when |r| &gt; {@code stdDevK}·σ; no warm-up, the model states its own
 *       uncertainty;
 *   <li><b>running statistics</b> (alert kind {@code residual}), for point forecasts: alert when r
 *       is further than {@code k} running standard deviations from the running mean residual, after
 *       {@code warmup} residuals of that device. The running statistics are exponentially weighted
 *       with {@code alpha} (and updated by every residual, under either rule).
 * </ul>
 *
 * @param k threshold of the running rule in running standard deviations (&gt; 0, finite)
 * @param warmup residuals a device needs before the running rule can alert (&gt;= 2)
 * @param alpha weight of the newest residual in the running statistics, in (0, 1)
 * @param stdDevK threshold of the predicted-sd rule in predicted standard deviations (&gt; 0,
 *     finite); {@value #DEFAULT_STD_DEV_K} by default: for a calibrated Gaussian forecast a 4σ
 *     residual happens by chance about once in 16,000 forecasts
 */
public record AnomalySettings(double k, long warmup, double alpha, double stdDevK) {
  /** Default threshold of the predicted-sd rule, in predicted standard deviations. */
  public static final double DEFAULT_STD_DEV_K = 4.0;

  /**
   * 4 running sd, 30 residuals of warm-up, alpha 0.05 (about the last 20 residuals), 4 predicted
   * sd.
   */
  public static final AnomalySettings DEFAULT =
      new AnomalySettings(4.0, 30, 0.05, DEFAULT_STD_DEV_K);

  /** Settings of the running rule with the default predicted-sd threshold. */
  public AnomalySettings(double k, long warmup, double alpha) {
    this(k, warmup, alpha, DEFAULT_STD_DEV_K);
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
    if (warmup < 2) {
      throw new IllegalArgumentException("Invalid warmup = " + warmup + "; must be >= 2");
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("Invalid alpha = " + alpha + "; must be in (0, 1)");
    }
  }
}
