package dev.hiss.forecasting.task;

import dev.hiss.forecasting.data.Episodes;
import dev.hiss.forecasting.data.MaskedArray;
import dev.hiss.forecasting.data.Segment;
import dev.hiss.forecasting.data.Series;
import java.util.ArrayList;
import java.util.List;

/**
 * Continuous sequence-to-sequence with chunk size k (HISS-MATH §1.1): the input is cut into
 * non-overlapping chunks of k samples, and there is one target per chunk, at 1/k of the input rate.
 * Target j is aligned with the <em>end</em> of chunk j, i.e. with input row {@code j·k + k − 1}.
 *
 * @param chunk k, the number of input samples per target (>= 1)
 */
public record ContinuousSeq2Seq(int chunk) {
  /** Validates the chunk size. */
  public ContinuousSeq2Seq {
    if (chunk < 1) {
      throw new IllegalArgumentException("Invalid chunk = " + chunk + "; must be >= 1");
    }
  }

  /**
   * A sample from targets recorded at the input rate: keeps target rows {@code k−1, 2k−1, …}.
   *
   * @param input {@code [L_in][D_in]}
   * @param targetAtInputRate {@code [L_in][D_out]}
   * @return input unchanged, target {@code [L_in/k][D_out]}
   */
  public Seq2SeqSample sample(
      String series, int start, MaskedArray input, MaskedArray targetAtInputRate) {
    checkLength(input.rows());
    if (targetAtInputRate.rows() != input.rows()) {
      throw new IllegalArgumentException(
          "Targets have "
              + targetAtInputRate.rows()
              + " rows at the input rate; inputs have "
              + input.rows());
    }
    int lc = input.rows() / chunk;
    double[][] v = new double[lc][];
    boolean[][] p = new boolean[lc][];
    for (int j = 0; j < lc; j++) {
      v[j] = targetAtInputRate.values()[j * chunk + chunk - 1].clone();
      p[j] = targetAtInputRate.present()[j * chunk + chunk - 1].clone();
    }
    return new Seq2SeqSample(series, start, input, new MaskedArray(v, p));
  }

  /**
   * A sample from targets already at the low rate.
   *
   * @param input {@code [L_in][D_in]}
   * @param target {@code [L_in/k][D_out]}
   */
  public Seq2SeqSample sampleLowRate(
      String series, int start, MaskedArray input, MaskedArray target) {
    checkLength(input.rows());
    if (target.rows() * chunk != input.rows()) {
      throw new IllegalArgumentException(
          "Invalid target length = "
              + target.rows()
              + "; must be input length "
              + input.rows()
              + " / chunk "
              + chunk);
    }
    return new Seq2SeqSample(series, start, input, target);
  }

  /**
   * Cuts a series into episodes of {@code episodeLength} input rows and builds one sample each.
   *
   * @param range the rows to use (e.g. the training part of a split)
   */
  public List<Seq2SeqSample> samples(Series s, Segment range, int episodeLength) {
    checkLength(episodeLength);
    List<Seq2SeqSample> out = new ArrayList<>();
    for (Segment e : Episodes.cut(range, episodeLength)) {
      out.add(
          sample(
              s.id(),
              e.start(),
              s.inputs().slice(e.start(), e.end()),
              s.targets().slice(e.start(), e.end())));
    }
    return out;
  }

  private void checkLength(int inputLength) {
    if (inputLength < chunk || inputLength % chunk != 0) {
      throw new IllegalArgumentException(
          "Invalid chunk = "
              + chunk
              + ": input length "
              + inputLength
              + " is not a positive multiple of it");
    }
  }
}
