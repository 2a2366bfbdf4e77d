package dev.hiss.forecasting.evaluate.internal;

import dev.hiss.forecasting.data.MaskedArray;
import dev.hiss.forecasting.data.Normalizer;
import dev.hiss.forecasting.data.TimeSplit;
import dev.hiss.forecasting.evaluate.BadRequestException;
import dev.hiss.model.hiss.Seq2SeqData;
import java.util.ArrayList;
import java.util.List;

/**
 * The history windows on which the neural models of the forecast task train, select their epoch and
 * are scored. A window of origin o holds the L target rows {@code o−L+1 … o} as inputs (normalized
 * with the training statistics, missing values and rows before the series start as 0, the training
 * mean) and the h rows {@code o+1 … o+h} as its direct multi-horizon target.
 *
 * <ul>
 *   <li>Training windows: full history ({@code o ≥ L−1}) and every target row inside the training
 *       part ({@code o+h < trainEnd}); origins every s rows, s the smallest step that gives at most
 *       {@link #MAX_TRAINING_WINDOWS} windows over all series.
 *   <li>Validation windows: origins {@code validationStart − 1 + w·h} with every target row inside
 *       the validation part (their history may reach back into the training part).
 *   <li>Test windows: the baselines' ({@link ForecastPrep#testOrigins}).
 * </ul>
 *
 * No training or validation window has a target row from a later part.
 *
 * <p>With known-ahead covariates (K per row, {@link ForecastCovariates}) every history row t also
 * carries the normalized covariates of the h rows t+1 … t+h after it, so that the last history row
 * (the origin o) carries exactly the covariates of the forecast rows o+1 … o+h: the input has C +
 * h·K channels, {@code [targets(t), cov(t+1), …, cov(t+h)]}. Rows after o contribute only their
 * covariates, never a target.
 */
public final class ForecastWindows {
  /** The most training windows (the origin step grows to stay under it). */
  public static final int MAX_TRAINING_WINDOWS = 512;

  /**
   * One window.
   *
   * @param series index of the used series in {@link ForecastPrep#series()}
   * @param origin o, the last history row
   */
  public record Window(int series, int origin) {}

  private final ForecastPrep prep;
  private final ForecastCovariates covariates;
  private final int length;
  private final List<Window> train = new ArrayList<>();
  private final List<Window> validation = new ArrayList<>();
  private final List<Window> test = new ArrayList<>();
  private final int stride;

  /** Lays out the windows of a task without covariates. */
  public ForecastWindows(ForecastPrep prep, int length) {
    this(prep, length, null);
  }

  /**
   * Lays out the windows.
   *
   * @param length L, history rows per window
   * @param covariates the known-ahead covariates, or null for none
   * @throws BadRequestException when there is no training or no validation window
   */
  public ForecastWindows(ForecastPrep prep, int length, ForecastCovariates covariates) {
    this.prep = prep;
    this.covariates = covariates;
    this.length = length;
    int h = prep.horizon();
    long candidates = 0;
    for (TimeSplit ts : prep.splits()) {
      candidates += Math.max(0, ts.train().end() - h - (length - 1));
    }
    this.stride = (int) Math.max(1, (candidates + MAX_TRAINING_WINDOWS - 1) / MAX_TRAINING_WINDOWS);
    for (int i = 0; i < prep.splits().size(); i++) {
      TimeSplit ts = prep.splits().get(i);
      for (int o = length - 1; o + h < ts.train().end(); o += stride) {
        train.add(new Window(i, o));
      }
      int vs = ts.validation().start();
      for (int o = vs - 1; o + h < ts.validation().end(); o += h) {
        validation.add(new Window(i, o));
      }
      for (int o : prep.testOrigins(i)) {
        test.add(new Window(i, o));
      }
    }
    if (train.isEmpty()) {
      throw new BadRequestException(
          "Invalid --episode-length = "
              + length
              + " with --horizon = "
              + h
              + ": no training part holds a window of L history rows and h target rows;"
              + " use a shorter --episode-length or a larger training --split");
    }
    if (validation.isEmpty()) {
      throw new BadRequestException(
          "Invalid --split or --horizon = "
              + h
              + ": no validation part has h rows, the neural models cannot select an epoch");
    }
  }

  public List<Window> train() {
    return train;
  }

  public List<Window> validation() {
    return validation;
  }

  public List<Window> test() {
    return test;
  }

  /** The step between training origins. */
  public int stride() {
    return stride;
  }

  /** Input channels of the model data: C + h·K. */
  public int inputDim() {
    int k = covariates == null ? 0 : covariates.count();
    return prep.targetNorm().channels() + prep.horizon() * k;
  }

  /** L, history rows per window. */
  public int length() {
    return length;
  }

  /**
   * The windows as model data in normalized units for a net that reads one output per chunk of
   * {@code chunk} inputs: inputs {@code [n, L, C + h·K]} (see the class comment), targets {@code
   * [n, L/chunk, h·C]} of which only the last step is filled and valid (and only when all its h·C
   * values are present), so the loss sees exactly the prediction made after the whole history.
   *
   * @param chunk k of the net (1 for the flat nets, which read at every input index); divides L
   */
  public Seq2SeqData data(List<Window> windows, int chunk) {
    Normalizer norm = prep.targetNorm();
    int cs = norm.channels();
    int h = prep.horizon();
    int n = windows.size();
    int lout = length / chunk;
    int dout = h * cs;
    int din = inputDim();
    int k = covariates == null ? 0 : covariates.count();
    float[] x = new float[n * length * din];
    float[] y = new float[n * lout * dout];
    boolean[] mask = new boolean[n * lout];
    for (int e = 0; e < n; e++) {
      Window w = windows.get(e);
      MaskedArray t = prep.series().get(w.series()).targets();
      int from = w.origin() + 1 - length;
      MaskedArray hist = norm.apply(t.slice(Math.max(0, from), w.origin() + 1));
      int pad = Math.max(0, -from);
      for (int r = 0; r < hist.rows(); r++) {
        for (int c = 0; c < cs; c++) {
          if (hist.present()[r][c]) {
            x[(e * length + pad + r) * din + c] = (float) hist.values()[r][c];
          }
        }
        if (k > 0) {
          double[][] cov = covariates.normalized(w.series());
          int row = Math.max(0, from) + r; // the series row of this history row
          int at = (e * length + pad + r) * din + cs;
          for (int m = 1; m <= h; m++) {
            for (int j = 0; j < k; j++) {
              x[at + (m - 1) * k + j] = row + m < cov.length ? (float) cov[row + m][j] : 0f;
            }
          }
        }
      }
      MaskedArray truth = norm.apply(t.slice(w.origin() + 1, w.origin() + 1 + h));
      boolean all = true;
      int base = (e * lout + lout - 1) * dout;
      for (int r = 0; r < h; r++) {
        for (int c = 0; c < cs; c++) {
          all &= truth.present()[r][c];
          y[base + r * cs + c] = truth.present()[r][c] ? (float) truth.values()[r][c] : 0f;
        }
      }
      mask[e * lout + lout - 1] = all;
    }
    return new Seq2SeqData(x, y, mask, n, length, din, lout, dout);
  }
}
