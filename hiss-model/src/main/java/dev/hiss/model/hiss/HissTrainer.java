package dev.hiss.model.hiss;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Mini-batch training of a {@link HissModel} with Adam and the {@link TrainingLoss} of its head
 * (masked MSE for a POINT head, masked pinball loss for a QUANTILE head, masked Gaussian NLL for a
 * GAUSSIAN head unless {@link #withLoss(TrainingLoss)} picks CRPS), episodes shuffled each epoch by
 * a Fisher–Yates permutation from the seeded generator, dropout masks from the same generator. Runs
 * are bit-for-bit reproducible for a given seed (the kernels' results do not depend on their
 * fork-join split).
 */
public final class HissTrainer {

  private final HissModel model;
  private final TrainConfig config;
  private final Adam adam;
  private final SplittableRandom rnd;
  private double maxGradientNorm = Double.POSITIVE_INFINITY;
  private double lastGradientNorm = Double.NaN;
  private TrainingLoss loss;

  /**
   * One epoch of {@link #fit(Seq2SeqData, Seq2SeqData, int, Consumer)}.
   *
   * @param epoch 1-based epoch number
   * @param epochs epochs planned
   * @param trainLoss mean training loss of the epoch's mini-batches
   * @param validationMse masked MSE of the point predictions (means) on the validation data after
   *     the epoch (no dropout)
   * @param samplesPerSecond training input samples (time steps) per second in this epoch
   * @param eta estimated time left for the planned epochs
   * @param best whether this epoch has the lowest validation loss so far
   * @param validationLoss the training loss on the validation data after the epoch (no dropout);
   *     equal to {@code validationMse} for a POINT head
   */
  public record EpochReport(
      int epoch,
      int epochs,
      double trainLoss,
      double validationMse,
      double samplesPerSecond,
      Duration eta,
      boolean best,
      double validationLoss) {}

  /**
   * What {@link #fit(Seq2SeqData, Seq2SeqData, int, Consumer)} did.
   *
   * @param trainLoss per epoch run
   * @param validationMse per epoch run, MSE of the means
   * @param bestEpoch 0-based index of the epoch whose weights the model holds now (lowest
   *     validation loss)
   * @param stoppedEarly whether patience ended training before the planned epochs
   * @param validationLoss per epoch run, the training loss on the validation data
   */
  public record FitResult(
      List<Double> trainLoss,
      List<Double> validationMse,
      int bestEpoch,
      boolean stoppedEarly,
      List<Double> validationLoss) {}

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
    this.loss = TrainingLoss.defaultFor(model.config().head());
  }

  /**
   * Chooses the training loss (default: {@link TrainingLoss#defaultFor} the model's head).
   *
   * @param newLoss a loss for the model's head
   * @return this trainer
   * @throws IllegalArgumentException if the loss belongs to another head
   */
  public HissTrainer withLoss(TrainingLoss newLoss) {
    if (newLoss == null || newLoss.head() != model.config().head()) {
      throw new IllegalArgumentException(
          "Invalid loss = "
              + newLoss
              + "; the model has a "
              + model.config().head()
              + " head, which trains with "
              + java.util.Arrays.stream(TrainingLoss.values())
                  .filter(l -> l.head() == model.config().head())
                  .toList());
    }
    this.loss = newLoss;
    return this;
  }

  /** Returns the training loss. */
  public TrainingLoss loss() {
    return loss;
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
    double value =
        loss.loss(
            pred,
            batch.targets(),
            batch.mask(),
            batch.outputDim(),
            model.config().quantiles(),
            grad);
    model.backward(grad);
    clipGradients();
    adam.step();
    return value;
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
   * each epoch the validation loss (the training loss at inference; the MSE for a POINT head) is
   * measured, the best epoch's weights are kept, training stops after {@code patience} epochs
   * without improvement, and the model ends with the best weights.
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
    List<Double> valLoss = new ArrayList<>();
    List<float[]> best = null;
    int bestEpoch = -1;
    double bestLoss = Double.POSITIVE_INFINITY;
    long startedAll = System.nanoTime();
    boolean stoppedEarly = false;
    for (int epoch = 0; epoch < config.epochs(); epoch++) {
      long t0 = System.nanoTime();
      trainLoss.add(epoch(train));
      double secs = Math.max(1e-9, (System.nanoTime() - t0) / 1e9);
      double mse = evaluate(model, validation);
      double vl = loss == TrainingLoss.MSE ? mse : validationLoss(validation);
      valMse.add(mse);
      valLoss.add(vl);
      boolean improved = vl < bestLoss;
      if (improved) {
        bestLoss = vl;
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
                improved,
                vl));
      }
      if (epoch - bestEpoch >= patience && epoch + 1 < config.epochs()) {
        stoppedEarly = true;
        break;
      }
    }
    if (best != null) {
      restore(best);
    }
    return new FitResult(trainLoss, valMse, bestEpoch, stoppedEarly, valLoss);
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
   * The training loss of this trainer on a whole dataset at inference (no dropout).
   *
   * @param data the episodes
   * @return the mean loss over valid elements
   */
  public double validationLoss(Seq2SeqData data) {
    check(data);
    float[] head = model.forward(data.inputs(), data.count(), data.inputLength(), null);
    return loss.loss(
        head, data.targets(), data.mask(), data.outputDim(), model.config().quantiles(), null);
  }

  /**
   * Masked MSE of the model's point predictions (the means of a GAUSSIAN head) at inference (no
   * dropout) over a whole dataset.
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
    if (d.inputDim() != c.inputWidth()
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
              + c.inputWidth()
              + (c.dt() ? " including the Δt channel" : "")
              + ", D_out "
              + c.outputDim()
              + ", L_out "
              + c.outputLength(d.inputLength())
              + ")");
    }
  }
}
