package dev.hiss.spark.train;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One sequence-to-sequence training episode with its global index: the unit that {@link
 * DistributedHissTrainer} distributes. Plain class (not a record) so that Spark's Kryo serializer
 * can encode it.
 */
public final class Episode implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int index;
  private final float[] input;
  private final float[] target;
  private final boolean[] mask;

  /**
   * An episode.
   *
   * @param index global index in 0..n−1, unique within a training set (fixes the shuffle and the
   *     shard)
   * @param input [L_in, D_in] row-major
   * @param target [L_out, D_out] row-major
   * @param mask [L_out] validity of the target steps, or null if every step is valid
   */
  public Episode(int index, float[] input, float[] target, boolean[] mask) {
    if (index < 0) {
      throw new IllegalArgumentException("Invalid index = " + index + "; must be >= 0");
    }
    if (input == null || input.length == 0 || target == null || target.length == 0) {
      throw new IllegalArgumentException("Invalid episode " + index + ": empty input or target");
    }
    this.index = index;
    this.input = input;
    this.target = target;
    this.mask = mask;
  }

  /**
   * Splits a {@link dev.hiss.model.hiss.Seq2SeqData} into episodes with indices 0..n−1.
   *
   * @param data the episodes
   * @return one {@link Episode} per episode, in order
   */
  public static Episode[] of(dev.hiss.model.hiss.Seq2SeqData data) {
    int xi = data.inputLength() * data.inputDim();
    int yi = data.outputLength() * data.outputDim();
    int lo = data.outputLength();
    Episode[] out = new Episode[data.count()];
    for (int e = 0; e < out.length; e++) {
      boolean[] m =
          data.mask() == null ? null : Arrays.copyOfRange(data.mask(), e * lo, (e + 1) * lo);
      out[e] =
          new Episode(
              e,
              Arrays.copyOfRange(data.inputs(), e * xi, (e + 1) * xi),
              Arrays.copyOfRange(data.targets(), e * yi, (e + 1) * yi),
              m);
    }
    return out;
  }

  /** Returns the global index. */
  public int index() {
    return index;
  }

  /** Returns the input [L_in, D_in] (the live array). */
  public float[] input() {
    return input;
  }

  /** Returns the target [L_out, D_out] (the live array). */
  public float[] target() {
    return target;
  }

  /** Returns the target-step validity [L_out], or null for all valid (the live array). */
  public boolean[] mask() {
    return mask;
  }

  /** Returns the number of valid target steps given L_out. */
  int validSteps(int outputLength) {
    if (mask == null) {
      return outputLength;
    }
    int v = 0;
    for (boolean b : mask) {
      v += b ? 1 : 0;
    }
    return v;
  }
}
