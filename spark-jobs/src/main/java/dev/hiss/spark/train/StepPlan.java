package dev.hiss.spark.train;

/**
 * What the driver broadcasts for one synchronous step: the flat parameters, the global mini-batch
 * (episode indices in batch order) and the loss normalizer of the whole batch (D_out·Σ valid target
 * steps; for the pinball loss the finite targets of valid steps), so that the shards' gradients add
 * up to the gradient of the batch's loss.
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
