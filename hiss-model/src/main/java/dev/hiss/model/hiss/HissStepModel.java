package dev.hiss.model.hiss;

import dev.hiss.model.hiss.internal.Level;
import dev.hiss.model.hiss.internal.SsmKernel;
import java.util.List;

/**
 * Streaming HiSS (HISS-MATH §1.6) for a batch of independent streams: one raw sample per stream per
 * {@link #step(float[])}. Level i's state is reset at the start of each of its chunks (every k_i of
 * its inputs); the top level's state persists until {@link #reset()}. A prediction is emitted at
 * every top-level input, i.e. when the last sample of a chunk of Π k_i samples arrives, and equals
 * the batch {@link HissModel#predict} output for that chunk (same arithmetic, up to float rounding
 * of the kernels' scan vs. step paths).
 *
 * <p>Shares the parameters of the model it was built from (read-only); call {@link #refresh()} if
 * they change. Not thread-safe.
 */
public final class HissStepModel {

  private final HissModel model;
  private final int batch;
  private final SsmKernel.State[][] states;
  private final int[] counters;

  /**
   * A streaming model at the start of an episode.
   *
   * @param model the trained model
   * @param batch number of parallel streams, &gt; 0
   */
  public HissStepModel(HissModel model, int batch) {
    if (batch <= 0) {
      throw new IllegalArgumentException("Invalid batch = " + batch + "; must be > 0");
    }
    this.model = model;
    this.batch = batch;
    List<Level> levels = model.levels();
    states = new SsmKernel.State[levels.size()][];
    for (int i = 0; i < levels.size(); i++) {
      states[i] = levels.get(i).newState(batch);
    }
    counters = new int[levels.size()];
    model.refresh();
  }

  /** Re-reads the model's parameters (after training continued). */
  public void refresh() {
    model.refresh();
  }

  /** Starts a new episode: every state zero, every chunk counter at 0. */
  public void reset() {
    for (SsmKernel.State[] level : states) {
      for (SsmKernel.State s : level) {
        s.clear();
      }
    }
    java.util.Arrays.fill(counters, 0);
  }

  /**
   * Feeds one raw sample per stream.
   *
   * @param x input [batch, D_in]
   * @return the predictions [batch, D_out] when a top-level chunk completes, else null
   */
  public float[] step(float[] x) {
    if (x == null || x.length != batch * model.config().inputDim()) {
      throw new IllegalArgumentException(
          "Invalid x length = "
              + (x == null ? "null" : x.length)
              + "; must be batch·D_in = "
              + batch * model.config().inputDim());
    }
    List<Level> levels = model.levels();
    List<Integer> chunks = model.config().chunks();
    float[] h = x;
    for (int i = 0; i < levels.size(); i++) {
      boolean top = i == levels.size() - 1;
      if (top) {
        return levels.get(i).step(h, states[i], true);
      }
      int k = chunks.get(i);
      if (counters[i] == 0) {
        for (SsmKernel.State s : states[i]) {
          s.clear();
        }
      }
      boolean last = counters[i] == k - 1;
      counters[i] = last ? 0 : counters[i] + 1;
      h = levels.get(i).step(h, states[i], last);
      if (!last) {
        return null;
      }
    }
    throw new IllegalStateException("unreachable: a model has a top level");
  }
}
