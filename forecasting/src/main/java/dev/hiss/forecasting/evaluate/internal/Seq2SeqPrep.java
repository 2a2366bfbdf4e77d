package dev.hiss.forecasting.evaluate.internal;

import dev.hiss.forecasting.data.Episodes;
import dev.hiss.forecasting.data.MaskedArray;
import dev.hiss.forecasting.data.Normalizer;
import dev.hiss.forecasting.data.Segment;
import dev.hiss.forecasting.data.Series;
import dev.hiss.forecasting.data.SeriesTable;
import dev.hiss.forecasting.data.SplitFractions;
import dev.hiss.forecasting.data.TimeSplit;
import dev.hiss.forecasting.evaluate.BadRequestException;
import dev.hiss.forecasting.task.ContinuousSeq2Seq;
import dev.hiss.forecasting.task.Seq2SeqSample;
import dev.hiss.model.hiss.Seq2SeqData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seq2seq data of an evaluation: each series cut into episodes of E input rows from row 0, the
 * episodes of each series split in time order (first train, then validation, then test), and the
 * normalization statistics fitted on the training episodes only. Target j of an episode is the
 * target row at the end of input chunk j ({@link ContinuousSeq2Seq}).
 */
public final class Seq2SeqPrep {
  private final int chunk;
  private final List<Seq2SeqSample> train = new ArrayList<>();
  private final List<Seq2SeqSample> validation = new ArrayList<>();
  private final List<Seq2SeqSample> test = new ArrayList<>();
  private final Map<String, double[][]> lowRate = new LinkedHashMap<>();
  private final Map<String, Integer> trainLowEnd = new LinkedHashMap<>();
  private final List<String> skipped = new ArrayList<>();
  private long unusedRows;
  private final Normalizer inputNorm;
  private final Normalizer targetNorm;

  /**
   * Cuts, splits and normalizes.
   *
   * @throws BadRequestException when a part is empty over all series
   */
  public Seq2SeqPrep(SeriesTable table, int chunk, int episodeLength, SplitFractions split) {
    this.chunk = chunk;
    ContinuousSeq2Seq task = new ContinuousSeq2Seq(chunk);
    for (Series s : table.series()) {
      List<Segment> eps = Episodes.cut(s, episodeLength);
      List<List<Segment>> parts;
      try {
        parts = TimeSplit.ofEpisodes(eps, split);
      } catch (IllegalArgumentException e) {
        skipped.add(s.id());
        unusedRows += s.rows();
        continue;
      }
      unusedRows += s.rows() - (long) eps.size() * episodeLength;
      unusedRows += (long) (eps.size() - parts.stream().mapToInt(List::size).sum()) * episodeLength;
      add(task, s, parts.get(0), train);
      add(task, s, parts.get(1), validation);
      add(task, s, parts.get(2), test);
      lowRate.put(s.id(), lowRateTargets(s, chunk));
      trainLowEnd.put(s.id(), parts.get(0).get(parts.get(0).size() - 1).end() / chunk);
    }
    String what = "(" + table.rows() + " rows, episodes of " + episodeLength + " rows, --split ";
    String fr = split.train() + "," + split.validation() + "," + split.test() + ")";
    if (train.isEmpty() || validation.isEmpty() || test.isEmpty()) {
      throw new BadRequestException(
          "Invalid --split or --episode-length: the "
              + (train.isEmpty() ? "training" : validation.isEmpty() ? "validation" : "test")
              + " part has no episode "
              + what
              + fr);
    }
    try {
      inputNorm = Normalizer.fit(train.stream().map(Seq2SeqSample::input).toList());
      targetNorm = Normalizer.fit(train.stream().map(Seq2SeqSample::target).toList());
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("Invalid data: " + e.getMessage() + " in the training part", e);
    }
  }

  private static void add(
      ContinuousSeq2Seq task, Series s, List<Segment> segs, List<Seq2SeqSample> out) {
    for (Segment e : segs) {
      out.add(
          task.sample(
              s.id(),
              e.start(),
              s.inputs().slice(e.start(), e.end()),
              s.targets().slice(e.start(), e.end())));
    }
  }

  /** Target rows {@code k−1, 2k−1, …} of a whole series, {@code [rows/k][C]}, NaN where missing. */
  static double[][] lowRateTargets(Series s, int k) {
    double[][] out = new double[s.rows() / k][];
    for (int j = 0; j < out.length; j++) {
      out[j] = s.targets().values()[j * k + k - 1].clone();
    }
    return out;
  }

  public List<Seq2SeqSample> train() {
    return train;
  }

  public List<Seq2SeqSample> validation() {
    return validation;
  }

  public List<Seq2SeqSample> test() {
    return test;
  }

  public Normalizer inputNorm() {
    return inputNorm;
  }

  public Normalizer targetNorm() {
    return targetNorm;
  }

  public int chunk() {
    return chunk;
  }

  /** Per series id, the low-rate targets of the whole series, {@code [rows/k][C]}. */
  public Map<String, double[][]> lowRate() {
    return lowRate;
  }

  /** Per series id, the number of low-rate rows in its training part (they come first). */
  public Map<String, Integer> trainLowEnd() {
    return trainLowEnd;
  }

  public List<String> skipped() {
    return skipped;
  }

  public long unusedRows() {
    return unusedRows;
  }

  /** Target steps of the episodes where some target channel is missing. */
  public static long maskedSteps(List<Seq2SeqSample> eps) {
    long n = 0;
    for (Seq2SeqSample e : eps) {
      for (boolean[] row : e.target().present()) {
        n += allPresent(row) ? 0 : 1;
      }
    }
    return n;
  }

  /**
   * The episodes as model data in normalized units: missing inputs become 0 (the training mean),
   * and a target step is masked out of the loss when any of its channels is missing.
   */
  public Seq2SeqData data(List<Seq2SeqSample> eps) {
    Seq2SeqSample first = eps.get(0);
    int n = eps.size();
    int len = first.input().rows();
    int din = first.input().columns();
    int lout = first.target().rows();
    int dout = first.target().columns();
    float[] x = new float[n * len * din];
    float[] y = new float[n * lout * dout];
    boolean[] mask = new boolean[n * lout];
    for (int e = 0; e < n; e++) {
      fill(inputNorm.apply(eps.get(e).input()), x, e * len * din);
      MaskedArray t = targetNorm.apply(eps.get(e).target());
      fill(t, y, e * lout * dout);
      for (int j = 0; j < lout; j++) {
        mask[e * lout + j] = allPresent(t.present()[j]);
      }
    }
    return new Seq2SeqData(x, y, mask, n, len, din, lout, dout);
  }

  private static void fill(MaskedArray a, float[] out, int offset) {
    int i = offset;
    for (int t = 0; t < a.rows(); t++) {
      for (int c = 0; c < a.columns(); c++) {
        out[i++] = a.present()[t][c] ? (float) a.values()[t][c] : 0f;
      }
    }
  }

  private static boolean allPresent(boolean[] row) {
    for (boolean b : row) {
      if (!b) {
        return false;
      }
    }
    return true;
  }
}
