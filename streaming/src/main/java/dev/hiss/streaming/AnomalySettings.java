package dev.hiss.streaming;

/**
 * When the scorer raises an anomaly alert: a forecast's residual ({@code actual - predicted}, once
 * the forecast sample arrives) further than {@code k} running standard deviations from the running
 * mean residual, after {@code warmup} residuals of that device. The running statistics are
 * exponentially weighted with {@code alpha}.
 *
 * @param k threshold in standard deviations (> 0)
 * @param warmup residuals a device needs before it can alert (>= 2)
 * @param alpha weight of the newest residual in the running statistics, in (0, 1)
 */
public record AnomalySettings(double k, long warmup, double alpha) {
  /** 4 standard deviations, 30 residuals of warm-up, alpha 0.05 (about the last 20 residuals). */
  public static final AnomalySettings DEFAULT = new AnomalySettings(4.0, 30, 0.05);

  /** Validates every field. */
  public AnomalySettings {
    if (!(k > 0) || Double.isInfinite(k)) {
      throw new IllegalArgumentException("Invalid k = " + k + "; must be > 0");
    }
    if (warmup < 2) {
      throw new IllegalArgumentException("Invalid warmup = " + warmup + "; must be >= 2");
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("Invalid alpha = " + alpha + "; must be in (0, 1)");
    }
  }
}
