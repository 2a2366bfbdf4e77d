package dev.hiss.forecasting.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ForecastErrorsTest {
  private static final double EPS = 1e-12;

  /**
   * Channels a (std 2) and b (std 0.5).
   *
   * <pre>
   * episode 1, series s1, MASE scales [1, 0.5]:
   *   pred [[1, 0], [2, 1]]  actual [[2, 0.5], [2, 3]]  b at row 1 masked
   *   errors a: -1, 0   b: -0.5
   * episode 2, series s2, MASE scales [2, 1]:
   *   pred [[4, 1]]  actual [[1, 1]]   errors a: 3   b: 0
   * a: n 3, MSE (1+0+9)/3 = 10/3, MAE 4/3, MASE (1/1 + 0/1 + 3/2)/3 = 5/6,
   *    sMAPE (200·1/3 + 0 + 200·3/5)/3 = 560/9, normalized MSE (10/4)/3 = 5/6, MAE (4/2)/3 = 2/3
   * b: n 2, MSE 0.25/2 = 0.125, MAE 0.25, MASE (0.5/0.5 + 0)/2 = 0.5, sMAPE (200 + 0)/2 = 100,
   *    normalized MSE (0.25/0.25)/2 = 0.5, MAE (0.5/0.5)/2 = 0.5
   * overall: n 5, MSE 10.25/5 = 2.05, MAE 4.5/5 = 0.9, MASE (2.5 + 1)/5 = 0.7,
   *    normalized MSE (2.5 + 1)/5 = 0.7
   * </pre>
   */
  @Test
  void pointMetricsPerChannelAndOverallByHand() {
    ForecastErrors m = new ForecastErrors(List.of("a", "b"), new double[] {2, 0.5});
    m.addPoint(
        "s1",
        new double[] {1, 0.5},
        new double[][] {{1, 0}, {2, 1}},
        new double[][] {{2, 0.5}, {2, 3}},
        new boolean[][] {{true, true}, {true, false}});
    m.addPoint(
        "s2",
        new double[] {2, 1},
        new double[][] {{4, 1}},
        new double[][] {{1, 1}},
        new boolean[][] {{true, true}});
    // episode 3 is fully masked: it adds no value, series or episode
    m.addPoint(
        "s3",
        new double[] {1, 1},
        new double[][] {{9, 9}},
        new double[][] {{0, 0}},
        new boolean[][] {{false, false}});
    MetricReport r = m.report();
    ChannelMetrics a = r.channel("a");
    assertEquals(3, a.values());
    assertEquals(2, a.series());
    assertEquals(2, a.episodes());
    assertEquals(10.0 / 3, a.original().mse(), EPS);
    assertEquals(Math.sqrt(10.0 / 3), a.original().rmse(), EPS);
    assertEquals(4.0 / 3, a.original().mae(), EPS);
    assertEquals(5.0 / 6, a.mase(), EPS);
    assertEquals(560.0 / 9, a.smape(), EPS);
    assertEquals(5.0 / 6, a.normalized().mse(), EPS);
    assertEquals(2.0 / 3, a.normalized().mae(), EPS);
    ChannelMetrics b = r.channel("b");
    assertEquals(2, b.values());
    assertEquals(0.125, b.original().mse(), EPS);
    assertEquals(0.25, b.original().mae(), EPS);
    assertEquals(0.5, b.mase(), EPS);
    assertEquals(100, b.smape(), EPS);
    assertEquals(0.5, b.normalized().mse(), EPS);
    assertEquals(0.5, b.normalized().mae(), EPS);
    ChannelMetrics all = r.overall();
    assertEquals(5, all.values());
    assertEquals(2, all.series());
    assertEquals(2, all.episodes());
    assertEquals(2.05, all.original().mse(), EPS);
    assertEquals(0.9, all.original().mae(), EPS);
    assertEquals(0.7, all.mase(), EPS);
    assertEquals(0.7, all.normalized().mse(), EPS);
    assertEquals(Double.NaN, all.original().crps());
    assertEquals(0, all.original().crpsValues());
  }

  @Test
  void nonFinitePredictionsAreCountedNotScored() {
    ForecastErrors m = new ForecastErrors(List.of("a"), new double[] {1});
    m.addPoint(
        "s",
        null,
        new double[][] {{Double.NaN}, {1}},
        new double[][] {{0}, {3}},
        new boolean[][] {{true}, {true}});
    ChannelMetrics a = m.report().channel("a");
    assertEquals(1, a.values());
    assertEquals(1, a.unforecast());
    assertEquals(1, m.report().overall().unforecast());
    assertEquals(4, a.original().mse(), EPS);
    assertEquals(Double.NaN, a.mase(), "no MASE scale given");
  }

  @Test
  void gaussianAndQuantileScoresInBothUnits() {
    ForecastErrors m = new ForecastErrors(List.of("a"), new double[] {2});
    // N(0, 1) at y = 0: CRPS 0.2336949772551091; normalized by std 2
    m.addGaussian(
        "s",
        null,
        new double[][] {{0}},
        new double[][] {{1}},
        new double[][] {{0}},
        new boolean[][] {{true}});
    // levels 0.1, 0.9 with quantiles 8, 12 at y = 11: 0.1·3 = 0.3 and 0.1·1 = 0.1, mean 0.2
    m.addQuantiles(
        "s",
        null,
        new double[][] {{10}},
        new double[] {0.1, 0.9},
        new double[][][] {{{8, 12}}},
        new double[][] {{11}},
        new boolean[][] {{true}});
    ChannelMetrics a = m.report().channel("a");
    // quantile CRPS approximation: cells (0, 0.5) and (0.5, 1): 2·(0.5·0.3 + 0.5·0.1) = 0.4;
    // the channel's CRPS averages both forecasts
    double crps = (0.2336949772551091 + 0.4) / 2;
    assertEquals(crps, a.original().crps(), 1e-12);
    assertEquals(crps / 2, a.normalized().crps(), 1e-12);
    assertEquals(2, a.original().crpsValues());
    assertEquals(1.0, a.intervalCoverage(), "the Gaussian value lies in its 90 % interval");
    assertEquals(List.of(0.0, 1.0), a.quantileCoverage(), "11 > 8 and 11 <= 12");
    assertEquals(0.2, a.original().pinball(), EPS);
    assertEquals(0.1, a.normalized().pinball(), EPS);
    assertEquals(2, a.original().pinballValues());
    // point errors: 0 (mean 0 vs 0) and -1 (median 10 vs 11) -> MSE 0.5
    assertEquals(0.5, a.original().mse(), EPS);
    assertEquals(2, a.episodes());
  }

  /**
   * Four Gaussian forecasts with σ = 1 and errors 0, 1.6, −1.7 and 3: the central 90 % interval is
   * μ ± 1.6449, so two of four lie inside; a masked value and a point-only accumulator do not
   * count. CRPS by hand from the closed form at z = 0, 1.6, −1.7, 3.
   */
  @Test
  void intervalCoverageAndCrpsOfSeveralGaussianForecastsByHand() {
    assertEquals(
        0.95, dev.hiss.forecasting.internal.NormalDistribution.cdf(ForecastErrors.Z_90), 1e-15);
    ForecastErrors m = new ForecastErrors(List.of("a"), new double[] {1});
    m.addGaussian(
        "s",
        null,
        new double[][] {{10}, {10}, {10}, {10}, {10}},
        new double[][] {{1}, {1}, {1}, {1}, {1}},
        new double[][] {{10}, {11.6}, {8.3}, {13}, {100}},
        new boolean[][] {{true}, {true}, {true}, {true}, {false}});
    ChannelMetrics a = m.report().channel("a");
    assertEquals(0.5, a.intervalCoverage(), EPS);
    assertEquals(4, a.original().crpsValues());
    double expected = 0;
    for (double z : new double[] {0, 1.6, -1.7, 3}) {
      expected += Scores.crpsGaussian(0, 1, z);
    }
    assertEquals(expected / 4, a.original().crps(), 1e-12);
    // the same forecasts with σ = 2 cover all four (|e| ≤ 3.29)
    ForecastErrors wide = new ForecastErrors(List.of("a"), new double[] {1});
    wide.addGaussian(
        "s",
        null,
        new double[][] {{10}, {10}, {10}, {10}},
        new double[][] {{2}, {2}, {2}, {2}},
        new double[][] {{10}, {11.6}, {8.3}, {13}},
        new boolean[][] {{true}, {true}, {true}, {true}});
    assertEquals(1.0, wide.report().overall().intervalCoverage(), EPS);
    ForecastErrors point = new ForecastErrors(List.of("a"), new double[] {1});
    point.addPoint("s", null, new double[][] {{1}}, new double[][] {{2}}, new boolean[][] {{true}});
    assertEquals(Double.NaN, point.report().overall().intervalCoverage());
  }

  @Test
  void mergeEqualsAddingEverythingToOne() {
    ForecastErrors one = new ForecastErrors(List.of("a"), new double[] {1});
    ForecastErrors p1 = new ForecastErrors(List.of("a"), new double[] {1});
    ForecastErrors p2 = new ForecastErrors(List.of("a"), new double[] {1});
    double[][] pr = {{1}, {2}};
    double[][] ac = {{0}, {4}};
    boolean[][] pres = {{true}, {true}};
    one.addPoint("x", new double[] {1}, pr, ac, pres);
    one.addPoint("y", new double[] {1}, pr, ac, pres);
    p1.addPoint("x", new double[] {1}, pr, ac, pres);
    p2.addPoint("y", new double[] {1}, pr, ac, pres);
    p1.merge(p2);
    assertEquals(one.report(), p1.report());
    assertThrows(
        IllegalArgumentException.class,
        () -> p1.merge(new ForecastErrors(List.of("b"), new double[] {1})));
  }
}
