package dev.hiss.model.hiss;

/**
 * Training hyper-parameters (HISS-MATH §1.4 defaults: Adam lr 1e-4, β = (0.9, 0.999), ε = 1e-8,
 * batch 4, shuffled, seed 5).
 *
 * @param lr Adam learning rate, &gt; 0
 * @param beta1 Adam β1 in [0, 1)
 * @param beta2 Adam β2 in [0, 1)
 * @param eps Adam ε, &gt; 0
 * @param batchSize episodes per step, &gt; 0 (the last batch of an epoch may be smaller)
 * @param epochs passes over the data, &gt; 0
 * @param seed seed of the batch shuffling and of dropout
 */
public record TrainConfig(
    double lr, double beta1, double beta2, double eps, int batchSize, int epochs, long seed) {

  /** Validates the fields that Adam does not check. */
  public TrainConfig {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("Invalid batchSize = " + batchSize + "; must be > 0");
    }
    if (epochs <= 0) {
      throw new IllegalArgumentException("Invalid epochs = " + epochs + "; must be > 0");
    }
  }

  /** The HiSS defaults with the given number of epochs. */
  public static TrainConfig hissDefaults(int epochs) {
    return new TrainConfig(1e-4, 0.9, 0.999, 1e-8, 4, epochs, 5);
  }
}
