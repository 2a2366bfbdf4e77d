package dev.hiss.spark.train;

import dev.hiss.model.hiss.GaussianLoss;
import dev.hiss.model.hiss.HissConfig;
import dev.hiss.model.hiss.HissModel;
import dev.hiss.model.hiss.QuantileLoss;
import dev.hiss.model.hiss.TrainingLoss;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** What one shard computes on an executor: a step's gradient, or an evaluation's error sums. */
final class ShardCompute {
  private ShardCompute() {}

  /**
   * The shard's part of a step: forward and backward on its episodes of the global batch (in batch
   * order) with dL/dŷ = 2(ŷ − y)/norm at valid steps, norm the whole batch's normalizer (the masked
   * MSE of a POINT head); for another loss, the {@link TrainingLoss} gradient over the shard's
   * episodes rescaled from the shard's valid elements to the whole batch's (a factor of exactly 1
   * with one shard), and the partial's {@code sse} is the shard's summed loss.
   *
   * @return the partial, or null when no episode of the batch is in this shard
   */
  static Partial gradient(
      ConfigSpec spec,
      TrainingLoss loss,
      long seed,
      int partition,
      StepPlan plan,
      Iterator<Episode> episodes) {
    Map<Integer, Integer> position = new HashMap<>();
    for (int b = 0; b < plan.batch.length; b++) {
      position.put(plan.batch[b], b);
    }
    Episode[] slots = new Episode[plan.batch.length];
    int found = 0;
    while (episodes.hasNext()) {
      Episode e = episodes.next();
      Integer p = position.get(e.index());
      if (p != null) {
        slots[p] = e;
        found++;
      }
    }
    if (found == 0) {
      return null;
    }
    List<Episode> mine = new ArrayList<>(found);
    for (Episode e : slots) {
      if (e != null) {
        mine.add(e);
      }
    }
    HissConfig config = spec.config();
    HissModel model = new HissModel(config, 0);
    FlatParams.setValues(model, plan.params);
    model.zeroGrad();
    Batch b = Batch.of(mine, config);
    SplittableRandom dropout = new SplittableRandom(dropoutSeed(seed, plan.step, partition));
    float[] pred = model.forward(b.x, b.count, b.inputLength, dropout);
    float[] grad = new float[pred.length];
    double sse = 0;
    int d = config.outputDim();
    if (loss != TrainingLoss.MSE) {
      long m = elements(loss, b.y, b.mask, d);
      double mean = loss.loss(pred, b.y, b.mask, d, config.quantiles(), grad);
      double scale = plan.norm > 0 ? m / plan.norm : 0;
      if (scale != 1) {
        for (int i = 0; i < grad.length; i++) {
          grad[i] = (float) (grad[i] * scale);
        }
      }
      model.backward(grad);
      return new Partial(partition, FlatParams.grads(model), mean * m, m);
    }
    if (plan.norm > 0) {
      for (int s = 0; s < b.mask.length; s++) {
        if (!b.mask[s]) {
          continue;
        }
        for (int j = 0; j < d; j++) {
          int i = s * d + j;
          double e = (double) pred[i] - b.y[i];
          sse += e * e;
          grad[i] = (float) (2 * e / plan.norm);
        }
      }
    }
    model.backward(grad);
    return new Partial(partition, FlatParams.grads(model), sse, 0);
  }

  /**
   * The elements a loss averages over: D_out per valid step, and for the pinball loss only the
   * finite targets of valid steps (as {@link QuantileLoss} counts them).
   *
   * @param target y [batch, L_out, D_out]
   * @param mask valid steps [batch, L_out], or null for all valid
   */
  static long elements(TrainingLoss loss, float[] target, boolean[] mask, int outputDim) {
    long n = 0;
    for (int s = 0; s < target.length / outputDim; s++) {
      if (mask != null && !mask[s]) {
        continue;
      }
      if (loss != TrainingLoss.PINBALL) {
        n += outputDim;
        continue;
      }
      for (int j = 0; j < outputDim; j++) {
        n += Double.isFinite(target[s * outputDim + j]) ? 1 : 0;
      }
    }
    return n;
  }

  /**
   * Sum of squared errors of the point predictions (means, medians) and number of valid values
   * (D_out per valid step) of the model at inference over the shard's episodes, in mini-batches of
   * {@code batchSize}; with a loss other than MSE also its sum and its element count ({@link
   * Partial#lossSum}, {@link Partial#lossCount}).
   */
  static Partial evaluate(
      ConfigSpec spec,
      TrainingLoss loss,
      float[] params,
      int partition,
      int batchSize,
      Iterator<Episode> episodes) {
    HissConfig config = spec.config();
    HissModel model = new HissModel(config, 0);
    FlatParams.setValues(model, params);
    double sse = 0;
    long valid = 0;
    double lossSum = 0;
    long lossCount = 0;
    List<Episode> chunk = new ArrayList<>(batchSize);
    while (episodes.hasNext() || !chunk.isEmpty()) {
      if (episodes.hasNext()) {
        chunk.add(episodes.next());
      }
      if (chunk.size() == batchSize || (!episodes.hasNext() && !chunk.isEmpty())) {
        Batch b = Batch.of(chunk, config);
        int d = config.outputDim();
        float[] pred;
        if (loss == TrainingLoss.MSE) {
          pred = model.predict(b.x, b.count, b.inputLength);
        } else {
          float[] head = model.forward(b.x, b.count, b.inputLength, null);
          long m = elements(loss, b.y, b.mask, d);
          lossSum += loss.loss(head, b.y, b.mask, d, config.quantiles(), null) * m;
          lossCount += m;
          pred =
              switch (config.head()) {
                case POINT -> head;
                case GAUSSIAN -> GaussianLoss.means(head, d);
                case QUANTILE -> QuantileLoss.medians(head, d, config.quantiles());
              };
        }
        for (int s = 0; s < b.mask.length; s++) {
          if (b.mask[s]) {
            for (int j = 0; j < d; j++) {
              double e = (double) pred[s * d + j] - b.y[s * d + j];
              sse += e * e;
            }
            valid += d;
          }
        }
        chunk.clear();
      }
    }
    return new Partial(partition, null, sse, valid, lossSum, lossCount);
  }

  /** A well-mixed dropout seed per (seed, step, shard) (SplitMix64 finalizer). */
  static long dropoutSeed(long seed, long step, int partition) {
    long z =
        seed
            + 0x9E3779B97F4A7C15L
                * (step * (DistributedTrainConfig.MAX_PARTITIONS + 1) + partition + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Episodes stacked into model-input arrays. */
  static final class Batch {
    final float[] x;
    final float[] y;
    final boolean[] mask;
    final int count;
    final int inputLength;

    private Batch(float[] x, float[] y, boolean[] mask, int count, int inputLength) {
      this.x = x;
      this.y = y;
      this.mask = mask;
      this.count = count;
      this.inputLength = inputLength;
    }

    static Batch of(List<Episode> episodes, HissConfig config) {
      Episode first = episodes.get(0);
      int xi = first.input().length;
      int inputLength = xi / config.inputWidth();
      int outputLength = config.outputLength(inputLength);
      int yi = outputLength * config.outputDim();
      int n = episodes.size();
      float[] x = new float[n * xi];
      float[] y = new float[n * yi];
      boolean[] m = new boolean[n * outputLength];
      for (int b = 0; b < n; b++) {
        Episode e = episodes.get(b);
        if (e.input().length != xi
            || xi % config.inputWidth() != 0
            || e.target().length != yi
            || (e.mask() != null && e.mask().length != outputLength)) {
          throw new IllegalArgumentException(
              "Invalid episode "
                  + e.index()
                  + ": input/target/mask lengths "
                  + e.input().length
                  + "/"
                  + e.target().length
                  + "/"
                  + (e.mask() == null ? "-" : e.mask().length)
                  + "; expected "
                  + xi
                  + "/"
                  + yi
                  + "/"
                  + outputLength
                  + " (input width "
                  + config.inputWidth()
                  + ", D_out "
                  + config.outputDim()
                  + ")");
        }
        System.arraycopy(e.input(), 0, x, b * xi, xi);
        System.arraycopy(e.target(), 0, y, b * yi, yi);
        for (int s = 0; s < outputLength; s++) {
          m[b * outputLength + s] = e.mask() == null || e.mask()[s];
        }
      }
      return new Batch(x, y, m, n, inputLength);
    }
  }
}
