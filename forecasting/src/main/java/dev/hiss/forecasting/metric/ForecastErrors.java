package dev.hiss.forecasting.metric;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Accumulates forecast errors per channel: MSE, RMSE, MAE, MASE, sMAPE, Gaussian CRPS and central
 * interval coverage, and for quantile forecasts the pinball loss, the coverage of each level
 * (fraction of values at or below its quantile) and the CRPS approximated from the quantiles
 * ({@link Scores#crpsFromQuantiles}), in original and normalized units. Each {@code add…} call is
 * one episode (window) of one series; masked targets are skipped, and present targets with a
 * non-finite prediction are counted as {@code unforecast} and not scored. Not thread-safe; {@link
 * #merge} partial results.
 */
public final class ForecastErrors {
  /** Probability of the central interval whose coverage is reported for Gaussian forecasts. */
  public static final double INTERVAL_LEVEL = 0.9;

  /** Φ⁻¹(0.95): the central 90 % interval of N(μ, σ²) is μ ± Z_90·σ. */
  static final double Z_90 = 1.6448536269514722;

  private final List<String> names;
  private final double[] std;
  private final Acc[] acc;
  private final Acc all = new Acc();

  /**
   * @param channels target channel names, {@code [C]}
   * @param normalizationStd {@code [C]}: the training std of each target channel, for normalized
   *     units
   */
  public ForecastErrors(List<String> channels, double[] normalizationStd) {
    if (channels.size() != normalizationStd.length) {
      throw new IllegalArgumentException(
          channels.size() + " channels but " + normalizationStd.length + " stds");
    }
    for (double s : normalizationStd) {
      if (!(s > 0) || !Double.isFinite(s)) {
        throw new IllegalArgumentException("Invalid normalization std = " + s + "; must be > 0");
      }
    }
    this.names = List.copyOf(channels);
    this.std = normalizationStd.clone();
    this.acc = new Acc[names.size()];
    for (int c = 0; c < acc.length; c++) {
      acc[c] = new Acc();
    }
  }

  private static final class Acc {
    long n;
    double sumSq;
    double sumSqNorm;
    double sumAbs;
    double sumAbsNorm;
    double sumSmape;
    double sumScaled;
    long nScaled;
    double crps;
    double crpsNorm;
    long nCrps;
    long nCovered;
    long nGaussian;
    long[] below = new long[0];
    double pinball;
    double pinballNorm;
    long nPinball;
    long unforecast;
    long episodes;
    final Set<String> series = new HashSet<>();

    void merge(Acc o) {
      n += o.n;
      sumSq += o.sumSq;
      sumSqNorm += o.sumSqNorm;
      sumAbs += o.sumAbs;
      sumAbsNorm += o.sumAbsNorm;
      sumSmape += o.sumSmape;
      sumScaled += o.sumScaled;
      nScaled += o.nScaled;
      crps += o.crps;
      crpsNorm += o.crpsNorm;
      nCrps += o.nCrps;
      nCovered += o.nCovered;
      nGaussian += o.nGaussian;
      if (below.length < o.below.length) {
        below = Arrays.copyOf(below, o.below.length);
      }
      for (int i = 0; i < o.below.length; i++) {
        below[i] += o.below[i];
      }
      pinball += o.pinball;
      pinballNorm += o.pinballNorm;
      nPinball += o.nPinball;
      unforecast += o.unforecast;
      episodes += o.episodes;
      series.addAll(o.series);
    }
  }

  /**
   * Adds point forecasts of one episode.
   *
   * @param series series id (for the series count)
   * @param maseScale {@code [C]} in-sample naive MAE of this series' training part, or null (then
   *     MASE is NaN)
   * @param predicted {@code [n][C]}
   * @param actual {@code [n][C]}
   * @param present {@code [n][C]}: false excludes the value
   */
  public void addPoint(
      String series,
      double[] maseScale,
      double[][] predicted,
      double[][] actual,
      boolean[][] present) {
    add(series, maseScale, predicted, null, null, null, actual, present);
  }

  /**
   * Adds Gaussian forecasts N(mean, sigma²) of one episode: point metrics of the mean, CRPS, and
   * whether each value lies in the central {@value #INTERVAL_LEVEL} interval.
   *
   * @param mean {@code [n][C]}
   * @param sigma {@code [n][C]}, >= 0
   */
  public void addGaussian(
      String series,
      double[] maseScale,
      double[][] mean,
      double[][] sigma,
      double[][] actual,
      boolean[][] present) {
    add(series, maseScale, mean, sigma, null, null, actual, present);
  }

  /**
   * Adds quantile forecasts of one episode: pinball loss averaged over levels, the coverage of each
   * level and the CRPS approximated from the quantiles; the point metrics use {@code
   * pointPredicted}. Every call of one accumulator must use the same levels.
   *
   * @param pointPredicted {@code [n][C]}, e.g. the median
   * @param levels {@code [Q]} quantile levels in (0, 1)
   * @param quantiles {@code [n][C][Q]}
   */
  public void addQuantiles(
      String series,
      double[] maseScale,
      double[][] pointPredicted,
      double[] levels,
      double[][][] quantiles,
      double[][] actual,
      boolean[][] present) {
    add(series, maseScale, pointPredicted, null, levels, quantiles, actual, present);
  }

  private void add(
      String series,
      double[] maseScale,
      double[][] predicted,
      double[][] sigma,
      double[] levels,
      double[][][] quantiles,
      double[][] actual,
      boolean[][] present) {
    int cs = acc.length;
    if (predicted.length != actual.length || present.length != actual.length) {
      throw new IllegalArgumentException(
          "Shape mismatch: "
              + predicted.length
              + " predicted rows, "
              + actual.length
              + " actual rows, "
              + present.length
              + " mask rows");
    }
    if (maseScale != null && maseScale.length != cs) {
      throw new IllegalArgumentException(
          "Invalid maseScale length = " + maseScale.length + "; must be " + cs);
    }
    boolean[] touched = new boolean[cs];
    for (int i = 0; i < actual.length; i++) {
      if (predicted[i].length != cs || actual[i].length != cs || present[i].length != cs) {
        throw new IllegalArgumentException("Row " + i + " has not " + cs + " channels");
      }
      for (int c = 0; c < cs; c++) {
        if (!present[i][c]) {
          continue;
        }
        Acc a = acc[c];
        double y = actual[i][c];
        double p = predicted[i][c];
        if (!Double.isFinite(y)) {
          throw new IllegalArgumentException(
              "Present actual value " + y + " at [" + i + "][" + c + "]; must be finite");
        }
        if (!Double.isFinite(p)) {
          a.unforecast++;
          all.unforecast++;
          continue;
        }
        touched[c] = true;
        double e = p - y;
        double s = std[c];
        a.n++;
        a.sumSq += e * e;
        a.sumSqNorm += e * e / (s * s);
        a.sumAbs += Math.abs(e);
        a.sumAbsNorm += Math.abs(e) / s;
        a.sumSmape += Scores.smape(p, y);
        if (maseScale != null && maseScale[c] > 0) {
          a.sumScaled += Math.abs(e) / maseScale[c];
          a.nScaled++;
        }
        if (sigma != null) {
          double crps = Scores.crpsGaussian(p, sigma[i][c], y);
          a.crps += crps;
          a.crpsNorm += crps / s;
          a.nCrps++;
          a.nCovered += Math.abs(e) <= Z_90 * sigma[i][c] ? 1 : 0;
          a.nGaussian++;
        }
        if (levels != null) {
          if (quantiles[i][c].length != levels.length) {
            throw new IllegalArgumentException(
                "quantiles[" + i + "][" + c + "] has not " + levels.length + " levels");
          }
          if (a.below.length == 0) {
            a.below = new long[levels.length];
          } else if (a.below.length != levels.length) {
            throw new IllegalArgumentException(
                levels.length + " quantile levels; earlier forecasts had " + a.below.length);
          }
          for (int q = 0; q < levels.length; q++) {
            double l = Scores.pinball(levels[q], quantiles[i][c][q], y);
            a.pinball += l;
            a.pinballNorm += l / s;
            a.nPinball++;
            a.below[q] += y <= quantiles[i][c][q] ? 1 : 0;
          }
          double crps = Scores.crpsFromQuantiles(levels, quantiles[i][c], y);
          a.crps += crps;
          a.crpsNorm += crps / s;
          a.nCrps++;
        }
      }
    }
    boolean any = false;
    for (int c = 0; c < cs; c++) {
      if (touched[c]) {
        acc[c].episodes++;
        acc[c].series.add(series);
        any = true;
      }
    }
    if (any) {
      all.episodes++;
      all.series.add(series);
    }
  }

  /** Adds the counts of another accumulator over the same channels. */
  public void merge(ForecastErrors other) {
    if (!names.equals(other.names) || !Arrays.equals(std, other.std)) {
      throw new IllegalArgumentException("Cannot merge errors of different channels or scales");
    }
    for (int c = 0; c < acc.length; c++) {
      acc[c].merge(other.acc[c]);
    }
    all.merge(other.all);
  }

  /** The averaged metrics so far. */
  public MetricReport report() {
    List<ChannelMetrics> out = new ArrayList<>();
    Acc total = new Acc();
    for (int c = 0; c < acc.length; c++) {
      out.add(metrics(names.get(c), acc[c], acc[c]));
      total.merge(acc[c]);
    }
    return new MetricReport(out, metrics("overall", total, all));
  }

  private static ChannelMetrics metrics(String name, Acc a, Acc counts) {
    double n = a.n;
    ChannelMetrics.Units orig =
        new ChannelMetrics.Units(
            div(a.sumSq, n),
            Math.sqrt(div(a.sumSq, n)),
            div(a.sumAbs, n),
            div(a.crps, a.nCrps),
            a.nCrps,
            div(a.pinball, a.nPinball),
            a.nPinball);
    ChannelMetrics.Units norm =
        new ChannelMetrics.Units(
            div(a.sumSqNorm, n),
            Math.sqrt(div(a.sumSqNorm, n)),
            div(a.sumAbsNorm, n),
            div(a.crpsNorm, a.nCrps),
            a.nCrps,
            div(a.pinballNorm, a.nPinball),
            a.nPinball);
    double mase = a.nScaled == a.n ? div(a.sumScaled, a.nScaled) : Double.NaN;
    List<Double> coverage = new ArrayList<>();
    long nQuantile = a.below.length == 0 ? 0 : a.nPinball / a.below.length;
    for (long b : a.below) {
      coverage.add(div(b, nQuantile));
    }
    return new ChannelMetrics(
        name,
        a.n,
        counts.series.size(),
        counts.episodes,
        a.unforecast,
        orig,
        norm,
        mase,
        div(a.sumSmape, n),
        div(a.nCovered, a.nGaussian),
        coverage);
  }

  private static double div(double sum, double n) {
    return n == 0 ? Double.NaN : sum / n;
  }
}
