package dev.hiss.forecasting.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hiss.forecasting.Forecaster;
import dev.hiss.forecasting.baseline.AutoregressiveForecaster;
import dev.hiss.forecasting.baseline.MeanForecaster;
import dev.hiss.forecasting.baseline.NaiveForecaster;
import dev.hiss.forecasting.baseline.SeasonalNaiveForecaster;
import dev.hiss.forecasting.data.MaskedArray;
import dev.hiss.forecasting.data.Series;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RollingOriginTest {
  private static final List<String> CH = List.of("x");

  private static Series series(String id, double[] x) {
    MaskedArray a = MaskedArray.column(x);
    return new Series(id, List.of(), a, a);
  }

  private static double[] trend(int n) {
    double[] x = new double[n];
    for (int t = 0; t < n; t++) {
      x[t] = t;
    }
    return x;
  }

  @Test
  void originsStepThroughTheSeriesAndNaiveErrorsOnATrendAreKnown() {
    BacktestResult r =
        new RollingOrigin(new BacktestConfig(3, 5, 10, false, 1))
            .run(new NaiveForecaster(), List.of(series("s", trend(30))), CH);
    // origins 9, 14, 19, 24 (24 + 3 < 30); naive errors -1, -2, -3: MSE 14/3, MAE 2
    assertArrayEquals(
        new int[] {9, 14, 19, 24},
        r.origins().stream().mapToInt(BacktestResult.OriginResult::origin).toArray());
    for (BacktestResult.OriginResult o : r.origins()) {
      assertArrayEquals(new double[] {o.origin(), o.origin(), o.origin()}, column(o.forecast()), 0);
      assertEquals(14.0 / 3, o.metrics().overall().original().mse(), 1e-12);
      assertEquals(3, o.metrics().overall().values());
    }
    assertEquals(12, r.overall().overall().values());
    assertEquals(4, r.overall().overall().episodes());
    assertEquals(1, r.overall().overall().series());
    assertEquals(2, r.overall().overall().original().mae(), 1e-12);
    // in-sample naive MAE of 0..9 is 1, so MASE = MAE
    assertEquals(2, r.overall().overall().mase(), 1e-12);
  }

  @Test
  void refitUsesDataUpToEachOriginAndNoRefitOnlyTheInitialPart() {
    Series s = series("s", trend(30));
    BacktestResult fixed =
        new RollingOrigin(new BacktestConfig(1, 5, 10, false, 1))
            .run(new MeanForecaster(), List.of(s), CH);
    BacktestResult refit =
        new RollingOrigin(new BacktestConfig(1, 5, 10, true, 1))
            .run(new MeanForecaster(), List.of(s), CH);
    for (int i = 0; i < fixed.origins().size(); i++) {
      int o = refit.origins().get(i).origin();
      assertEquals(4.5, fixed.origins().get(i).forecast()[0][0], 1e-12); // mean of 0..9
      assertEquals(o / 2.0, refit.origins().get(i).forecast()[0][0], 1e-12); // mean of 0..o
    }
  }

  @Test
  void poisoningTheFutureDoesNotChangeAnyForecast() {
    SplittableRandom rnd = new SplittableRandom(7);
    int n = 120;
    double[] a = new double[n];
    double[] b = new double[n];
    for (int t = 0; t < n; t++) {
      a[t] = 10 * Math.sin(2 * Math.PI * t / 12) + rnd.nextGaussian();
      b[t] = t % 17 == 3 ? Double.NaN : 5 + 0.05 * t + rnd.nextGaussian();
    }
    List<Forecaster> fs =
        List.of(
            new NaiveForecaster(),
            new SeasonalNaiveForecaster(12),
            new MeanForecaster(),
            new AutoregressiveForecaster(3));
    for (boolean refit : new boolean[] {false, true}) {
      RollingOrigin ro = new RollingOrigin(new BacktestConfig(6, 7, 40, refit, 12));
      for (Forecaster f : fs) {
        BacktestResult clean = ro.run(f, List.of(series("a", a), series("b", b)), CH);
        for (BacktestResult.OriginResult o : clean.origins()) {
          double[] pa = poison(a, o.origin());
          double[] pb = poison(b, o.origin());
          BacktestResult dirty = ro.run(f, List.of(series("a", pa), series("b", pb)), CH);
          BacktestResult.OriginResult same =
              dirty.origins().stream()
                  .filter(d -> d.origin() == o.origin() && d.series().equals(o.series()))
                  .findFirst()
                  .orElseThrow();
          for (int k = 0; k < o.forecast().length; k++) {
            assertArrayEquals(
                o.forecast()[k],
                same.forecast()[k],
                0,
                f.name() + " refit=" + refit + " origin " + o.origin() + " " + o.series());
          }
        }
      }
    }
    // the comparison is sensitive: changing the origin row itself changes the naive forecast
    RollingOrigin ro = new RollingOrigin(new BacktestConfig(6, 7, 40, false, 12));
    double[] changed = a.clone();
    changed[39] += 1;
    assertFalse(
        Arrays.equals(
            ro.run(new NaiveForecaster(), List.of(series("a", a)), CH)
                .origins()
                .get(0)
                .forecast()[0],
            ro.run(new NaiveForecaster(), List.of(series("a", changed)), CH)
                .origins()
                .get(0)
                .forecast()[0]));
  }

  @Test
  void tooShortSeriesIsAnError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new RollingOrigin(new BacktestConfig(5, 1, 10, false, 1))
                    .run(new NaiveForecaster(), List.of(series("s", trend(12))), CH));
    assertEquals(
        "Series 's' of 12 rows is too short for initialTrain 10 + horizon 5", e.getMessage());
    IllegalArgumentException step =
        assertThrows(IllegalArgumentException.class, () -> new BacktestConfig(1, 0, 10, true, 1));
    assertEquals("Invalid step = 0; must be >= 1", step.getMessage());
  }

  /** Rows after the origin alternate between missing and huge. */
  private static double[] poison(double[] x, int origin) {
    double[] p = x.clone();
    for (int t = origin + 1; t < p.length; t++) {
      p[t] = t % 2 == 0 ? Double.NaN : 1e12 * (t % 3 - 1);
    }
    return p;
  }

  private static double[] column(double[][] rows) {
    return Arrays.stream(rows).mapToDouble(r -> r[0]).toArray();
  }
}
