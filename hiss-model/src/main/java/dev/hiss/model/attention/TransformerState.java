package dev.hiss.model.attention;

import java.util.Arrays;

/**
 * The streaming state of a {@link TransformerLayer} for a batch: a KV cache of at most W entries
 * per series, kept as a ring buffer.
 *
 * <p>Layout (all float arrays, so that the state exports and imports as plain arrays): {@code keys}
 * and {@code values} [batch, W, H] (index (b·W + slot)·H + i); {@code meta} [batch, 2] with
 * meta[2b] = n, the number of valid entries (0 … W), and meta[2b+1] = the next slot to write (0 …
 * W−1). The valid entries are the n slots before the next one (cyclically), oldest first; slots
 * outside them are zero. An all-zero state is the empty cache, so zeroing every array is a reset.
 */
public final class TransformerState {

  /** Batch size. */
  public final int batch;

  /** W, cache capacity per series. */
  public final int window;

  /** H, width. */
  public final int width;

  /** Cached keys, [batch·W·H]. */
  public final float[] keys;

  /** Cached values, [batch·W·H]. */
  public final float[] values;

  /** Per series: valid-entry count and next slot, [batch·2]. */
  public final float[] meta;

  /**
   * An empty cache.
   *
   * @param batch batch size, &gt; 0
   * @param window W, &gt; 0
   * @param width H, &gt; 0
   */
  public TransformerState(int batch, int window, int width) {
    if (batch <= 0) {
      throw new IllegalArgumentException("Invalid batch = " + batch + "; must be > 0");
    }
    if (window <= 0) {
      throw new IllegalArgumentException("Invalid window = " + window + "; must be > 0");
    }
    if (width <= 0) {
      throw new IllegalArgumentException("Invalid width = " + width + "; must be > 0");
    }
    this.batch = batch;
    this.window = window;
    this.width = width;
    this.keys = new float[batch * window * width];
    this.values = new float[batch * window * width];
    this.meta = new float[2 * batch];
  }

  /**
   * Returns the number of cached positions of a series.
   *
   * @param b batch index
   * @return n in [0, W]
   * @throws IllegalStateException if the stored count or slot is not a valid integer (a corrupt
   *     imported state)
   */
  public int count(int b) {
    int n = (int) meta[2 * b];
    int next = (int) meta[2 * b + 1];
    if (n != meta[2 * b] || n < 0 || n > window || next != meta[2 * b + 1] || next < 0) {
      throw new IllegalStateException(
          "Invalid KV cache meta of series "
              + b
              + " = ["
              + meta[2 * b]
              + ", "
              + meta[2 * b + 1]
              + "]; must be a count in [0, "
              + window
              + "] and a slot in [0, "
              + (window - 1)
              + "]");
    }
    if (next >= window) {
      throw new IllegalStateException(
          "Invalid KV cache slot of series " + b + " = " + next + "; must be < " + window);
    }
    return n;
  }

  /**
   * Returns the slot of the next write of a series.
   *
   * @param b batch index
   * @return slot in [0, W)
   */
  public int nextSlot(int b) {
    count(b);
    return (int) meta[2 * b + 1];
  }

  /** Returns a deep copy. */
  public TransformerState copy() {
    TransformerState s = new TransformerState(batch, window, width);
    System.arraycopy(keys, 0, s.keys, 0, keys.length);
    System.arraycopy(values, 0, s.values, 0, values.length);
    System.arraycopy(meta, 0, s.meta, 0, meta.length);
    return s;
  }

  /** Empties every series' cache. */
  public void clear() {
    Arrays.fill(keys, 0f);
    Arrays.fill(values, 0f);
    Arrays.fill(meta, 0f);
  }

  /**
   * Empties the cache of one series (e.g. at a HiSS chunk boundary).
   *
   * @param b batch index
   */
  public void clear(int b) {
    int span = window * width;
    Arrays.fill(keys, b * span, (b + 1) * span, 0f);
    Arrays.fill(values, b * span, (b + 1) * span, 0f);
    meta[2 * b] = 0;
    meta[2 * b + 1] = 0;
  }

  void checkShape(int expectedBatch, TransformerConfig config, String what) {
    if (batch != expectedBatch || window != config.window() || width != config.width()) {
      throw new IllegalArgumentException(
          "Invalid "
              + what
              + " shape = ["
              + batch
              + ", "
              + window
              + ", "
              + width
              + "]; must be ["
              + expectedBatch
              + ", "
              + config.window()
              + ", "
              + config.width()
              + "]");
    }
  }
}
