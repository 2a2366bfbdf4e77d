package dev.hiss.forecasting.evaluate.internal;

import dev.hiss.model.hiss.Seq2SeqData;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a {@link NeuralNet} epoch by epoch, scores the validation episodes after each epoch, and
 * leaves the net with the weights of the epoch of lowest validation loss (never the test loss).
 * Training stops early when the deadline passes; at least one step always runs.
 */
public final class NeuralTraining {
  private NeuralTraining() {}

  /**
   * The record of one training run.
   *
   * @param epochsRun epochs started
   * @param bestEpoch 1-based epoch whose weights were kept; 0 when no validation loss was finite
   * @param budgetCut whether the deadline stopped training before {@code epochs}
   * @param trainLoss mean mini-batch loss of each epoch
   * @param validationLoss validation loss after each epoch
   */
  public record Record(
      int epochsRun,
      int bestEpoch,
      boolean budgetCut,
      List<Double> trainLoss,
      List<Double> validationLoss) {}

  /**
   * Trains in place.
   *
   * @param net the network
   * @param train training episodes
   * @param validation validation episodes
   * @param epochs maximum epochs
   * @param batchSize episodes per step
   * @param seed seed of the episode shuffling
   * @param deadlineNanos {@link System#nanoTime()} after which no new step starts
   */
  public static Record train(
      NeuralNet net,
      Seq2SeqData train,
      Seq2SeqData validation,
      int epochs,
      int batchSize,
      long seed,
      long deadlineNanos) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = train.count();
    int[] order = new int[n];
    List<Double> trainLoss = new ArrayList<>();
    List<Double> valLoss = new ArrayList<>();
    double best = Double.POSITIVE_INFINITY;
    float[][] bestWeights = net.snapshot();
    int bestEpoch = 0;
    boolean cut = false;
    long steps = 0;
    int epoch = 0;
    while (epoch < epochs && !cut) {
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
      for (int from = 0; from < n; from += batchSize) {
        if (steps > 0 && System.nanoTime() - deadlineNanos > 0) {
          cut = true;
          break;
        }
        sum += net.step(train.batch(order, from, Math.min(batchSize, n - from)));
        batches++;
        steps++;
      }
      if (batches == 0) {
        break;
      }
      epoch++;
      trainLoss.add(sum / batches);
      double v = net.loss(validation);
      valLoss.add(v);
      if (v < best) {
        best = v;
        bestWeights = net.snapshot();
        bestEpoch = epoch;
      }
      if (epoch < epochs && System.nanoTime() - deadlineNanos > 0) {
        cut = true;
      }
    }
    net.restore(bestWeights);
    return new Record(epoch, bestEpoch, cut, trainLoss, valLoss);
  }
}
