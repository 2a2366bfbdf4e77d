package dev.hiss.model.hiss;

import dev.hiss.model.hiss.internal.DtScales;
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
 * <p>A flat model ({@link HissConfig#isFlat()}) keeps its state for the whole episode and emits
 * prediction j at raw sample k·j (the first sample of each stride), as its batch forward does.
 *
 * <p>Built with a {@link HissPreprocessing} (see {@link HissForecaster#stepModel(int)}), it takes
 * raw samples, forms the model inputs itself (deltas against the stream's previous raw sample, 0 at
 * the first sample after {@link #reset()}; clip; normalize) and returns de-normalized predictions.
 *
 * <p>For a {@link OutputHead#GAUSSIAN} model {@link #step} returns the means and {@link
 * #stepDistribution} the means and standard deviations (both equal to the batch {@link
 * HissModel#predictDistribution} output for that chunk). For a {@link OutputHead#QUANTILE} model
 * {@link #step} returns the median-level quantile and {@link #stepQuantiles} all quantiles (equal
 * to {@link HissModel#predictQuantiles} within float rounding).
 *
 * <p>A model with Δt ({@link HissConfig#dt()}) takes each sample with its Δt scale as one more last
 * channel (raw [batch, D_raw + 1] with a preprocessing, which leaves that channel alone); level 0
 * steps with it, and each higher level steps with the mean Δt scale of the chunk it receives,
 * accumulated over the chunk exactly as the batch forward computes it. The running sums are part of
 * the exported state.
 *
 * <p>Shares the parameters of the model it was built from (read-only); call {@link #refresh()} if
 * they change. Not thread-safe.
 */
public final class HissStepModel {

  private final HissModel model;
  private final int batch;
  private final SsmKernel.State[][] states;
  private final float[][][][] buffers;
  private final float[] features;
  private final int[] counters;
  private final HissPreprocessing preprocessing;
  private final float[] previousRaw;
  private final int stateSize;
  private final float[][] dtSums;
  private boolean episodeStart = true;

  /**
   * A streaming model at the start of an episode.
   *
   * @param model the trained model
   * @param batch number of parallel streams, &gt; 0
   */
  public HissStepModel(HissModel model, int batch) {
    this(model, null, batch);
  }

  /**
   * A streaming model at the start of an episode that applies a preprocessing.
   *
   * @param model the trained model
   * @param preprocessing the transforms of raw samples and predictions, or null for none
   * @param batch number of parallel streams, &gt; 0
   */
  public HissStepModel(HissModel model, HissPreprocessing preprocessing, int batch) {
    if (preprocessing != null) {
      new HissForecaster(model, preprocessing); // validates the widths
    }
    this.preprocessing = preprocessing;
    if (batch <= 0) {
      throw new IllegalArgumentException("Invalid batch = " + batch + "; must be > 0");
    }
    this.model = model;
    this.batch = batch;
    List<Level> levels = model.levels();
    states = new SsmKernel.State[levels.size()][];
    buffers = new float[levels.size()][][][];
    for (int i = 0; i < levels.size(); i++) {
      states[i] = levels.get(i).newState(batch);
      buffers[i] = levels.get(i).newBuffers(batch);
    }
    features = new float[preprocessing == null ? 0 : batch * preprocessing.featureDim()];
    counters = new int[levels.size()];
    previousRaw = new float[preprocessing == null ? 0 : batch * preprocessing.rawInputDim()];
    dtSums = new float[model.config().dt() ? levels.size() - 1 : 0][batch];
    stateSize = countStateFloats();
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
    for (float[] sums : dtSums) {
      java.util.Arrays.fill(sums, 0f);
    }
    episodeStart = true;
  }

  /**
   * Returns the sample width that {@link #step(float[])} takes: D_raw with a preprocessing, else
   * D_in; plus 1 for the Δt channel of a model with {@link HissConfig#dt()}.
   */
  public int sampleWidth() {
    int w = preprocessing == null ? model.config().inputDim() : preprocessing.rawInputDim();
    return w + (model.config().dt() ? 1 : 0);
  }

  /**
   * Feeds one raw sample per stream.
   *
   * @param x one sample per stream: raw [batch, D_raw] with a preprocessing, else the model input
   *     [batch, D_in]; one more last channel, the Δt scale, for a model with {@link
   *     HissConfig#dt()}
   * @return the predictions [batch, D_out] (raw units with a preprocessing) when a top-level chunk
   *     completes (flat: at the first sample of each stride), else null
   */
  public float[] step(float[] x) {
    float[] h = headStep(x);
    if (h == null) {
      return null;
    }
    h = HissModel.pointOf(model.config(), h);
    return preprocessing == null ? h : preprocessing.denormalizeTargets(h);
  }

  /**
   * Feeds one raw sample per stream to a {@link OutputHead#QUANTILE} model (same state and timing
   * as {@link #step}; use one or the other for each sample).
   *
   * @param x one sample per stream: raw [batch, D_raw] with a preprocessing, else the model input
   *     [batch, D_in]
   * @return the quantiles [batch, Q, D_out] (raw units with a preprocessing: q·s + m, which keeps
   *     their order since s &gt; 0) when a top-level chunk completes, else null
   * @throws IllegalStateException if the model's head is not QUANTILE (nothing is consumed)
   */
  public float[] stepQuantiles(float[] x) {
    HissModel.requireQuantile(model.config());
    float[] h = headStep(x);
    if (h == null) {
      return null;
    }
    float[] q = QuantileLoss.quantiles(h, model.config().outputDim(), model.config().quantiles());
    return preprocessing == null ? q : preprocessing.denormalizeTargets(q);
  }

  /**
   * Feeds one raw sample per stream to a {@link OutputHead#GAUSSIAN} model (same state and timing
   * as {@link #step}; use one or the other for each sample).
   *
   * @param x one sample per stream: raw [batch, D_raw] with a preprocessing, else the model input
   *     [batch, D_in]
   * @return mean and std, each [batch, D_out] (raw units with a preprocessing: mean·s + m, std·s
   *     with the target statistics m, s), when a top-level chunk completes, else null
   * @throws IllegalStateException if the model's head is not GAUSSIAN (nothing is consumed)
   */
  public GaussianPrediction stepDistribution(float[] x) {
    HissModel.requireGaussian(model.config());
    float[] h = headStep(x);
    if (h == null) {
      return null;
    }
    GaussianPrediction g = GaussianLoss.distribution(h, model.config().outputDim());
    if (preprocessing != null) {
      preprocessing.denormalizeTargets(g.mean());
      preprocessing.denormalizeStd(g.std());
    }
    return g;
  }

  /** Whether {@link #stepDistribution} is available (the model has a GAUSSIAN head). */
  public boolean probabilistic() {
    return model.config().head() == OutputHead.GAUSSIAN;
  }

  /** One step to the raw head output [batch, H] in normalized units, or null. */
  private float[] headStep(float[] x) {
    int width = sampleWidth();
    if (x == null || x.length != batch * width) {
      throw new IllegalArgumentException(
          "Invalid x length = "
              + (x == null ? "null" : x.length)
              + "; must be batch·"
              + (model.config().dt() ? "(sample width + 1 Δt channel)" : "sample width")
              + " = "
              + batch * width);
    }
    float[] dt = null;
    if (model.config().dt()) {
      dt = new float[batch];
      x = DtScales.split(x, batch, width, dt);
      DtScales.check(dt, 1);
      width--;
    }
    float[] h = x;
    if (preprocessing != null) {
      int f = preprocessing.featureDim();
      h = features;
      for (int b = 0; b < batch; b++) {
        preprocessing.featureStep(
            x, b * width, previousRaw, episodeStart ? -1 : b * width, h, b * f);
      }
      System.arraycopy(x, 0, previousRaw, 0, x.length);
    }
    episodeStart = false;
    return model.config().isFlat() ? flatStep(h, dt) : hierarchicalStep(h, dt);
  }

  private float[] flatStep(float[] h, float[] dt) {
    int k = model.config().chunks().get(0);
    boolean emit = counters[0] == 0;
    counters[0] = counters[0] == k - 1 ? 0 : counters[0] + 1;
    return model.levels().get(0).step(h, dt, states[0], buffers[0], emit);
  }

  private float[] hierarchicalStep(float[] x, float[] dt) {
    List<Level> levels = model.levels();
    List<Integer> chunks = model.config().chunks();
    float[] h = x;
    for (int i = 0; i < levels.size(); i++) {
      boolean top = i == levels.size() - 1;
      if (top) {
        return levels.get(i).step(h, dt, states[i], buffers[i], true);
      }
      int k = chunks.get(i);
      if (counters[i] == 0) {
        for (SsmKernel.State s : states[i]) {
          s.clear();
        }
        if (dt != null) {
          java.util.Arrays.fill(dtSums[i], 0f);
        }
      }
      boolean last = counters[i] == k - 1;
      counters[i] = last ? 0 : counters[i] + 1;
      h = levels.get(i).step(h, dt, states[i], buffers[i], last);
      if (dt != null) {
        for (int b = 0; b < batch; b++) {
          dtSums[i][b] += dt[b]; // the batch forward's DtScales.chunkMeans order
        }
        if (last) {
          dt = new float[batch];
          for (int b = 0; b < batch; b++) {
            dt[b] = dtSums[i][b] / k;
          }
        }
      }
      if (!last) {
        return null;
      }
    }
    throw new IllegalStateException("unreachable: a model has a top level");
  }

  /**
   * The complete streaming state (every level's SSM state, chunk counters, episode flag, the
   * previous raw sample and, with Δt, the running chunk Δt sums) as one vector, for storing per
   * device between records (e.g. in the scorer's state store). Only for a single stream ({@code
   * batch == 1}).
   *
   * @return a new array of {@link #stateSize()} floats
   */
  public float[] exportState() {
    float[] out = new float[stateSize()];
    exportState(out);
    return out;
  }

  /**
   * {@link #exportState()} into a caller's array, without allocation.
   *
   * @param out receives the state, {@link #stateSize()} floats
   * @throws IllegalArgumentException if {@code out} has the wrong length
   */
  public void exportState(float[] out) {
    requireSingleStream();
    if (out == null || out.length != stateSize) {
      throw new IllegalArgumentException(
          "Invalid state length = "
              + (out == null ? "null" : out.length)
              + "; this model's state has "
              + stateSize
              + " floats");
    }
    int at = 0;
    for (int c : counters) {
      out[at++] = c;
    }
    out[at++] = episodeStart ? 1 : 0;
    System.arraycopy(previousRaw, 0, out, at, previousRaw.length);
    at += previousRaw.length;
    for (SsmKernel.State[] level : states) {
      for (SsmKernel.State st : level) {
        for (float[] a : st.arrays()) {
          System.arraycopy(a, 0, out, at, a.length);
          at += a.length;
        }
      }
    }
    for (float[] sums : dtSums) {
      System.arraycopy(sums, 0, out, at, sums.length);
      at += sums.length;
    }
  }

  /**
   * Restores a state written by {@link #exportState()} of a model with the same configuration.
   *
   * @throws IllegalArgumentException if the vector has the wrong length or a counter is out of
   *     range
   */
  public void importState(float[] state) {
    requireSingleStream();
    if (state == null || state.length != stateSize()) {
      throw new IllegalArgumentException(
          "Invalid state length = "
              + (state == null ? "null" : state.length)
              + "; this model's state has "
              + stateSize()
              + " floats");
    }
    int at = 0;
    List<Integer> chunks = model.config().chunks();
    for (int i = 0; i < counters.length; i++) {
      int c = (int) state[at++];
      int limit = i < chunks.size() ? chunks.get(i) : 1;
      if (c < 0 || c >= Math.max(1, limit)) {
        throw new IllegalArgumentException("Invalid state: counter " + i + " = " + c);
      }
      counters[i] = c;
    }
    episodeStart = state[at++] != 0;
    System.arraycopy(state, at, previousRaw, 0, previousRaw.length);
    at += previousRaw.length;
    for (SsmKernel.State[] level : states) {
      for (SsmKernel.State st : level) {
        for (float[] a : st.arrays()) {
          System.arraycopy(state, at, a, 0, a.length);
          at += a.length;
        }
      }
    }
    for (float[] sums : dtSums) {
      System.arraycopy(state, at, sums, 0, sums.length);
      at += sums.length;
    }
  }

  /** Floats in an exported state. */
  public int stateSize() {
    return stateSize;
  }

  private int countStateFloats() {
    int n = counters.length + 1 + previousRaw.length + dtSums.length * batch;
    for (SsmKernel.State[] level : states) {
      for (SsmKernel.State st : level) {
        for (float[] a : st.arrays()) {
          n += a.length;
        }
      }
    }
    return n;
  }

  private void requireSingleStream() {
    if (batch != 1) {
      throw new IllegalStateException(
          "State export works on a single stream; this model steps " + batch);
    }
  }
}
