package dev.hiss.spark.train;

/**
 * What the driver broadcasts for one synchronous step: the flat parameters, the global mini-batch
 * (episode indices in batch order) and the loss normalizer D_out·Σ valid target steps of the whole
 * batch, so that the shards' gradients add up to the gradient of the batch's masked MSE.
 */
final class StepPlan {
  final long step;
  final float[] params;
  final int[] batch;
  final double norm;

  StepPlan(long step, float[] params, int[] batch, double norm) {
    this.step = step;
    this.params = params;
    this.batch = batch;
    this.norm = norm;
  }
}
