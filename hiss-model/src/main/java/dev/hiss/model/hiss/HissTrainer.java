package dev.hiss.model.hiss;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

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
  private double maxGradientNorm = Double.POSITIVE_INFINITY;
  private double lastGradientNorm = Double.NaN;

  /**
   * One epoch of {@link #fit(Seq2SeqData, Seq2SeqData, int, Consumer)}.
   *
   * @param epoch 1-based epoch number
   * @param epochs epochs planned
   * @param trainLoss mean training loss of the epoch's mini-batches
   * @param validationMse masked MSE on the validation data after the epoch (no dropout)
   * @param samplesPerSecond training input samples (time steps) per second in this epoch
   * @param eta estimated time left for the planned epochs
   * @param best whether this epoch has the lowest validation MSE so far
   */
  public record EpochReport(
      int epoch,
      int epochs,
      double trainLoss,
      double validationMse,
      double samplesPerSecond,
      Duration eta,
      boolean best) {}

  /**
   * What {@link #fit(Seq2SeqData, Seq2SeqData, int, Consumer)} did.
   *
   * @param trainLoss per epoch run
   * @param validationMse per epoch run
   * @param bestEpoch 0-based index of the epoch whose weights the model holds now
   * @param stoppedEarly whether patience ended training before the planned epochs
   */
  public record FitResult(
      List<Double> trainLoss, List<Double> validationMse, int bestEpoch, boolean stoppedEarly) {}

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
    clipGradients();
    adam.step();
    return loss;
  }

  /**
   * Clips the global gradient norm (over every parameter) to {@code maxNorm} before each update;
   * {@code +Infinity} (the default, as in HiSS) turns clipping off.
   *
   * @return this trainer
   */
  public HissTrainer withGradientClipping(double maxNorm) {
    if (!(maxNorm > 0)) {
      throw new IllegalArgumentException("Invalid maxNorm = " + maxNorm + "; must be > 0");
    }
    this.maxGradientNorm = maxNorm;
    return this;
  }

  /** The global gradient norm of the last step before clipping (NaN before the first step). */
  public double lastGradientNorm() {
    return lastGradientNorm;
  }

  private void clipGradients() {
    double sq = 0;
    for (Parameter p : model.parameters()) {
      for (float g : p.grad()) {
        sq += (double) g * g;
      }
    }
    lastGradientNorm = Math.sqrt(sq);
    if (lastGradientNorm > maxGradientNorm) {
      float scale = (float) (maxGradientNorm / lastGradientNorm);
      for (Parameter p : model.parameters()) {
        float[] g = p.grad();
        for (int i = 0; i < g.length; i++) {
          g[i] *= scale;
        }
      }
    }
  }

  /**
   * Trains with model selection on a validation split that is separate from any test data: after
   * each epoch the validation MSE is measured, the best epoch's weights are kept, training stops
   * after {@code patience} epochs without improvement, and the model ends with the best weights.
   *
   * @param train training episodes
   * @param validation validation episodes (never the test split)
   * @param patience epochs without improvement before stopping (&gt;= 1; use the epoch count to
   *     never stop early)
   * @param progress receives one report per epoch (may be null)
   */
  public FitResult fit(
      Seq2SeqData train, Seq2SeqData validation, int patience, Consumer<EpochReport> progress) {
    if (patience < 1) {
      throw new IllegalArgumentException("Invalid patience = " + patience + "; must be >= 1");
    }
    check(train);
    check(validation);
    List<Double> trainLoss = new ArrayList<>();
    List<Double> valMse = new ArrayList<>();
    List<float[]> best = null;
    int bestEpoch = -1;
    double bestMse = Double.POSITIVE_INFINITY;
    long startedAll = System.nanoTime();
    boolean stoppedEarly = false;
    for (int epoch = 0; epoch < config.epochs(); epoch++) {
      long t0 = System.nanoTime();
      trainLoss.add(epoch(train));
      double secs = Math.max(1e-9, (System.nanoTime() - t0) / 1e9);
      double mse = evaluate(model, validation);
      valMse.add(mse);
      boolean improved = mse < bestMse;
      if (improved) {
        bestMse = mse;
        bestEpoch = epoch;
        best = snapshot();
      }
      if (progress != null) {
        double perEpoch = (System.nanoTime() - startedAll) / 1e9 / (epoch + 1);
        progress.accept(
            new EpochReport(
                epoch + 1,
                config.epochs(),
                trainLoss.get(epoch),
                mse,
                (double) train.count() * train.inputLength() / secs,
                Duration.ofMillis((long) (perEpoch * (config.epochs() - epoch - 1) * 1000)),
                improved));
      }
      if (epoch - bestEpoch >= patience && epoch + 1 < config.epochs()) {
        stoppedEarly = true;
        break;
      }
    }
    if (best != null) {
      restore(best);
    }
    return new FitResult(trainLoss, valMse, bestEpoch, stoppedEarly);
  }

  private List<float[]> snapshot() {
    List<float[]> s = new ArrayList<>();
    for (Parameter p : model.parameters()) {
      s.add(p.value().clone());
    }
    return s;
  }

  private void restore(List<float[]> s) {
    List<Parameter> ps = model.parameters();
    for (int i = 0; i < ps.size(); i++) {
      System.arraycopy(s.get(i), 0, ps.get(i).value(), 0, s.get(i).length);
    }
    model.refresh();
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
    for (int epoch = 0; epoch < config.epochs(); epoch++) {
      history.add(epoch(data));
    }
    return history;
  }

  /** One epoch over shuffled mini-batches; returns the mean mini-batch loss. */
  private double epoch(Seq2SeqData data) {
    int n = data.count();
    int[] order = new int[n];
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
    return sum / batches;
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
