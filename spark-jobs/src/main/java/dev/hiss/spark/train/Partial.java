package dev.hiss.spark.train;

import java.io.Serializable;

/**
 * One shard's contribution to a step: its summed gradient (already divided by the global
 * normalizer) and its sum of squared errors; or, for evaluation, its sum of squared errors and
 * valid-step count, and (a loss other than MSE) its summed loss and element count.
 */
final class Partial implements Serializable {
  private static final long serialVersionUID = 1L;

  final int partition;
  final float[] grad;
  final double sse;
  final long valid;
  final double lossSum;
  final long lossCount;

  Partial(int partition, float[] grad, double sse, long valid) {
    this(partition, grad, sse, valid, 0, 0);
  }

  Partial(int partition, float[] grad, double sse, long valid, double lossSum, long lossCount) {
    this.partition = partition;
    this.grad = grad;
    this.sse = sse;
    this.valid = valid;
    this.lossSum = lossSum;
    this.lossCount = lossCount;
  }
}
