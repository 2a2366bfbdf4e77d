package dev.hiss.spark.train;

import dev.hiss.model.hiss.Adam;
import dev.hiss.model.hiss.HissModel;
import dev.hiss.model.hiss.TrainConfig;
import dev.hiss.model.hiss.TrainingLoss;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Synchronous data-parallel training of a {@link HissModel} with Spark primitives.
 *
 * <p>The episodes are sharded once by index into {@link DistributedTrainConfig#partitions()}
 * contiguous ranges and cached. Each step the driver draws the global mini-batch exactly as {@link
 * dev.hiss.model.hiss.HissTrainer} does (Fisher–Yates per epoch from {@code
 * SplittableRandom(seed)}), broadcasts the flat parameter vector with the batch, each shard runs
 * forward and backward on its episodes of the batch with the gradient of the {@link
 * DistributedTrainConfig#loss() loss} of the model's head (masked MSE, Gaussian NLL or CRPS,
 * pinball) normalized by the <em>whole</em> batch's valid elements, the driver sums the shards'
 * gradients in shard order (in double), and applies Adam. The summed gradient is therefore the
 * gradient of the batch loss: with one shard and dropout 0 the run is bit-identical to {@code
 * HissTrainer}; with more shards it differs only by float summation order. Dropout masks come from
 * a generator seeded per (seed, step, shard), so runs are deterministic given the seed and the
 * number of shards.
 *
 * <p>Each step is one Spark job (one task per shard); the step's cost is max over shards of the
 * forward/backward plus the broadcast and the collect of {@code partitions} gradient vectors.
 */
public final class DistributedHissTrainer {

  /**
   * Progress after an epoch.
   *
   * @param epoch 0-based epoch
   * @param trainLoss mean training loss over the epoch's mini-batches
   * @param steps optimizer steps so far
   * @param samples episodes processed so far
   * @param seconds wall-clock seconds of training so far
   */
  public record EpochStats(int epoch, double trainLoss, long steps, long samples, double seconds) {}

  /** Called after each epoch; returning false stops training. */
  @FunctionalInterface
  public interface EpochListener {
    /**
     * @param stats the epoch's statistics
     * @return whether to continue
     */
    boolean afterEpoch(EpochStats stats);

    /**
     * Called after each optimizer step (for progress bars); does nothing by default.
     *
     * @param epoch 0-based epoch
     * @param step 1-based step within the epoch
     * @param stepsPerEpoch steps in every epoch
     */
    default void afterStep(int epoch, int step, int stepsPerEpoch) {}
  }

  /** Episodes per inference batch in {@link #evaluate}. */
  static final int EVAL_BATCH = 16;

  private final HissModel model;
  private final DistributedTrainConfig config;
  private final ConfigSpec spec;
  private final TrainingLoss loss;
  private final Adam adam;
  private final SplittableRandom shuffle;
  private long steps;
  private long samples;
  private double seconds;
  private int startEpoch;

  /**
   * A trainer for a model (trained in place on the driver).
   *
   * @param model the model
   * @param config the configuration
   * @throws IllegalArgumentException for a loss of another head than the model's
   */
  public DistributedHissTrainer(HissModel model, DistributedTrainConfig config) {
    this.loss = lossFor(model, config.loss());
    this.model = model;
    this.config = config;
    this.spec = new ConfigSpec(model.config());
    TrainConfig t = config.train();
    this.adam = new Adam(model.parameters(), t.lr(), t.beta1(), t.beta2(), t.eps());
    this.shuffle = new SplittableRandom(t.seed());
  }

  /** The loss: {@code requested}, or the head's default when null; checked against the head. */
  private static TrainingLoss lossFor(HissModel model, TrainingLoss requested) {
    var head = model.config().head();
    TrainingLoss l = requested == null ? TrainingLoss.defaultFor(head) : requested;
    if (l.head() != head) {
      throw new IllegalArgumentException(
          "Invalid loss = "
              + l
              + "; the model has a "
              + head
              + " head, which trains with "
              + java.util.Arrays.stream(TrainingLoss.values())
                  .filter(x -> x.head() == head)
                  .toList());
    }
    return l;
  }

  /** Returns the training loss (the configured one, or the default of the model's head). */
  public TrainingLoss loss() {
    return loss;
  }

  /** Trains for {@code train.epochs()} epochs; returns each epoch's mean training loss. */
  public List<Double> fit(JavaRDD<Episode> episodes) {
    return fit(episodes, s -> true);
  }

  /**
   * Trains until {@code train.epochs()} epochs are done or the listener stops it.
   *
   * @param episodes the training episodes, indices exactly 0..n−1
   * @param listener called after every epoch
   * @return each epoch's mean training loss
   */
  public List<Double> fit(JavaRDD<Episode> episodes, EpochListener listener) {
    JavaPairRDD<Integer, Episode> shards = shard(episodes, config.partitions());
    try {
      int[] valid = validSteps(shards);
      int n = valid.length;
      TrainConfig t = config.train();
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(episodes.context());
      List<Double> history = new ArrayList<>();
      int[] order = new int[n];
      for (int epoch = 0; epoch < t.epochs(); epoch++) {
        for (int i = 0; i < n; i++) {
          order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
          int j = shuffle.nextInt(i + 1);
          int tmp = order[i];
          order[i] = order[j];
          order[j] = tmp;
        }
        if (epoch < startEpoch) {
          continue; // done before the checkpoint: only its shuffle is replayed
        }
        double sum = 0;
        int batches = 0;
        int stepsPerEpoch = (n + t.batchSize() - 1) / t.batchSize();
        for (int from = 0; from < n; from += t.batchSize()) {
          int size = Math.min(t.batchSize(), n - from);
          int[] batch = new int[size];
          System.arraycopy(order, from, batch, 0, size);
          sum += step(sc, shards, batch, valid);
          batches++;
          listener.afterStep(epoch, batches, stepsPerEpoch);
        }
        history.add(sum / batches);
        if (!listener.afterEpoch(new EpochStats(epoch, sum / batches, steps, samples, seconds))) {
          break;
        }
      }
      return history;
    } finally {
      shards.unpersist(false);
    }
  }

  private double step(
      JavaSparkContext sc, JavaPairRDD<Integer, Episode> shards, int[] batch, int[] valid) {
    long start = System.nanoTime();
    long v = 0;
    for (int i : batch) {
      v += valid[i];
    }
    double norm =
        loss == TrainingLoss.PINBALL ? (double) v : (double) v * model.config().outputDim();
    Broadcast<StepPlan> plan =
        sc.broadcast(new StepPlan(steps, FlatParams.values(model), batch, norm));
    ConfigSpec s = spec;
    long seed = config.train().seed();
    TrainingLoss l = loss;
    List<Partial> partials;
    try {
      partials =
          new ArrayList<>(
              shards
                  .values()
                  .mapPartitionsWithIndex(
                      (pid, it) -> {
                        Partial p = ShardCompute.gradient(s, l, seed, pid, plan.value(), it);
                        return p == null
                            ? Collections.emptyIterator()
                            : Collections.singletonList(p).iterator();
                      },
                      true)
                  .collect());
    } finally {
      plan.destroy();
    }
    partials.sort(Comparator.comparingInt(p -> p.partition));
    double[] grad = new double[Math.toIntExact(model.parameterCount())];
    double sse = 0;
    for (Partial p : partials) {
      for (int i = 0; i < grad.length; i++) {
        grad[i] += p.grad[i];
      }
      sse += p.sse;
    }
    FlatParams.setGrads(model, grad);
    adam.step();
    steps++;
    samples += batch.length;
    seconds += (System.nanoTime() - start) / 1e9;
    return norm > 0 ? sse / norm : 0;
  }

  /**
   * The masked MSE of a model's point predictions at inference over distributed episodes (Σ squared
   * error over valid steps / (D_out·#valid)), computed shard-parallel.
   *
   * @param model the model (its current weights are shipped to the executors)
   * @param episodes the episodes (any indices)
   * @return the loss, or 0 when no step is valid
   */
  public static double evaluate(HissModel model, JavaRDD<Episode> episodes) {
    return evaluate(model, null, episodes).mse();
  }

  /**
   * A model's validation numbers at inference.
   *
   * @param loss the training loss on the episodes (mean over valid elements)
   * @param mse the masked MSE of the point predictions (means of a GAUSSIAN head, medians of a
   *     QUANTILE head); equal to {@code loss} for the MSE loss
   */
  public record Evaluation(double loss, double mse) {}

  /**
   * The training loss and the point-prediction MSE of a model at inference over distributed
   * episodes, computed shard-parallel (one forward pass per episode).
   *
   * @param model the model (its current weights are shipped to the executors)
   * @param loss a loss of the model's head, or null for its default
   * @param episodes the episodes (any indices)
   * @return both numbers, 0 when nothing is valid
   * @throws IllegalArgumentException for a loss of another head
   */
  public static Evaluation evaluate(HissModel model, TrainingLoss loss, JavaRDD<Episode> episodes) {
    TrainingLoss l = lossFor(model, loss);
    ConfigSpec s = new ConfigSpec(model.config());
    float[] params = FlatParams.values(model);
    List<Partial> parts =
        episodes
            .mapPartitionsWithIndex(
                (pid, it) ->
                    Collections.singletonList(
                            ShardCompute.evaluate(s, l, params, pid, EVAL_BATCH, it))
                        .iterator(),
                true)
            .collect();
    double sse = 0;
    long valid = 0;
    double lossSum = 0;
    long lossCount = 0;
    for (Partial p : parts) {
      sse += p.sse;
      valid += p.valid;
      lossSum += p.lossSum;
      lossCount += p.lossCount;
    }
    double mse = valid == 0 ? 0 : sse / valid;
    if (l == TrainingLoss.MSE) {
      return new Evaluation(mse, mse);
    }
    return new Evaluation(lossCount == 0 ? 0 : lossSum / lossCount, mse);
  }

  /**
   * Writes what a later {@link #readCheckpoint} needs to continue exactly where training stands
   * after {@code epochsDone} whole epochs: the weights, Adam's moments and step count, and the
   * counters that seed dropout. The shuffle is replayed from the seed, so a resumed run takes the
   * same mini-batches, masks and updates as an uninterrupted one.
   *
   * @param out where to write
   * @param epochsDone whole epochs trained so far
   * @throws IOException from {@code out}
   */
  public void writeCheckpoint(DataOutput out, int epochsDone) throws IOException {
    out.writeInt(epochsDone);
    out.writeLong(steps);
    out.writeLong(samples);
    out.writeDouble(seconds);
    float[] w = weights();
    out.writeInt(w.length);
    for (float f : w) {
      out.writeFloat(f);
    }
    adam.writeState(out);
  }

  /**
   * Restores a checkpoint of the same model and configuration; the next {@link #fit} skips the
   * epochs it holds.
   *
   * @param in where to read
   * @return the whole epochs the checkpoint holds
   * @throws IOException from {@code in}, or for a checkpoint of another model shape
   */
  public int readCheckpoint(DataInput in) throws IOException {
    int epochsDone = in.readInt();
    long st = in.readLong();
    long sa = in.readLong();
    double se = in.readDouble();
    int n = in.readInt();
    if (epochsDone < 0 || n != model.parameterCount()) {
      throw new IOException(
          "Invalid checkpoint: " + n + " weights, this model has " + model.parameterCount());
    }
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = in.readFloat();
    }
    adam.readState(in);
    restore(w);
    steps = st;
    samples = sa;
    seconds = se;
    startEpoch = epochsDone;
    return epochsDone;
  }

  /** Returns a copy of the model's current weights (flat, in parameter order). */
  public float[] weights() {
    return FlatParams.values(model);
  }

  /** Sets the model's weights from {@link #weights()} (e.g. to restore the best epoch). */
  public void restore(float[] weights) {
    FlatParams.setValues(model, weights);
    model.refresh();
  }

  /** Returns the optimizer steps taken. */
  public long steps() {
    return steps;
  }

  /** Returns the episodes processed (Σ batch sizes). */
  public long samples() {
    return samples;
  }

  /** Returns the wall-clock seconds spent in steps. */
  public double seconds() {
    return seconds;
  }

  private static JavaPairRDD<Integer, Episode> shard(JavaRDD<Episode> episodes, int partitions) {
    long count = episodes.count();
    if (count == 0 || count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("Invalid number of episodes = " + count);
    }
    JavaPairRDD<Integer, Episode> shards =
        episodes
            .mapToPair(e -> new Tuple2<>(e.index(), e))
            .partitionBy(new ShardPartitioner((int) count, partitions));
    shards.persist(StorageLevel.MEMORY_ONLY());
    return shards;
  }

  /**
   * Valid target steps per episode index (for the pinball loss: finite targets at valid steps);
   * checks that the indices are exactly 0..n−1.
   */
  private int[] validSteps(JavaPairRDD<Integer, Episode> shards) {
    Episode first = shards.values().first();
    int inputLength = first.input().length / model.config().inputWidth();
    int lo = model.config().outputLength(inputLength);
    int d = model.config().outputDim();
    boolean pinball = loss == TrainingLoss.PINBALL;
    List<Tuple2<Integer, Integer>> pairs =
        shards
            .mapValues(
                e ->
                    pinball
                        ? Math.toIntExact(
                            ShardCompute.elements(TrainingLoss.PINBALL, e.target(), e.mask(), d))
                        : e.validSteps(lo))
            .collect();
    int n = pairs.size();
    int[] valid = new int[n];
    boolean[] seen = new boolean[n];
    for (Tuple2<Integer, Integer> p : pairs) {
      if (seen[p._1()]) {
        throw new IllegalArgumentException("Invalid episodes: duplicate index " + p._1());
      }
      seen[p._1()] = true;
      valid[p._1()] = p._2();
    }
    return valid;
  }
}
