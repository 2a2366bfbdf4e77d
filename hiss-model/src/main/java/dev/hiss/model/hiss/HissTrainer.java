package dev.hiss.model.hiss;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mini-batch training of a {@link HissModel} with Adam and the masked MSE ({@link MaskedMse}),
 * episodes shuffled each epoch by a Fisher–Yates permutation from the seeded generator, dropout
 * masks from the same generator. Runs are bit-for-bit reproducible for a given seed (the kernels'
 * results do not depend on their fork-join split).
 */
public final class HissTrainer {

  private final HissModel model;
  private final TrainConfig config;
  private final Adam adam;
  private final SplittableRandom rnd;

  /**
   * A trainer for a model.
   *
   * @param model the model, trained in place
   * @param config hyper-parameters
   */
  public HissTrainer(HissModel model, TrainConfig config) {
    this.model = model;
    this.config = config;
    this.adam =
        new Adam(model.parameters(), config.lr(), config.beta1(), config.beta2(), config.eps());
    this.rnd = new SplittableRandom(config.seed());
  }

  /**
   * One step on one mini-batch (dropout active).
   *
   * @param batch the mini-batch
   * @return its loss before the update
   */
  public double step(Seq2SeqData batch) {
    check(batch);
    model.zeroGrad();
    float[] pred = model.forward(batch.inputs(), batch.count(), batch.inputLength(), rnd);
    float[] grad = new float[pred.length];
    double loss = MaskedMse.loss(pred, batch.targets(), batch.mask(), batch.outputDim(), grad);
    model.backward(grad);
    adam.step();
    return loss;
  }

  /**
   * Trains for {@code config.epochs()} epochs.
   *
   * @param data the training episodes
   * @return the mean training loss of each epoch (mean over its mini-batches)
   */
  public List<Double> fit(Seq2SeqData data) {
    check(data);
    List<Double> history = new ArrayList<>();
    int n = data.count();
    int[] order = new int[n];
    for (int epoch = 0; epoch < config.epochs(); epoch++) {
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      for (int i = n - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      double sum = 0;
      int batches = 0;
      for (int from = 0; from < n; from += config.batchSize()) {
        int size = Math.min(config.batchSize(), n - from);
        sum += step(data.batch(order, from, size));
        batches++;
      }
      history.add(sum / batches);
    }
    return history;
  }

  /**
   * Masked MSE of the model at inference (no dropout) over a whole dataset.
   *
   * @param model the model
   * @param data the episodes
   * @return Σ squared error over valid steps / (D_out·#valid)
   */
  public static double evaluate(HissModel model, Seq2SeqData data) {
    float[] pred = model.predict(data.inputs(), data.count(), data.inputLength());
    return MaskedMse.loss(pred, data.targets(), data.mask(), data.outputDim(), null);
  }

  private void check(Seq2SeqData d) {
    HissConfig c = model.config();
    if (d.inputDim() != c.inputDim()
        || d.outputDim() != c.outputDim()
        || d.outputLength() != c.outputLength(d.inputLength())) {
      throw new IllegalArgumentException(
          "Invalid data shape: D_in/D_out/L_out = "
              + d.inputDim()
              + "/"
              + d.outputDim()
              + "/"
              + d.outputLength()
              + " do not match the model (D_in "
              + c.inputDim()
              + ", D_out "
              + c.outputDim()
              + ", L_out "
              + c.outputLength(d.inputLength())
              + ")");
    }
  }
}
