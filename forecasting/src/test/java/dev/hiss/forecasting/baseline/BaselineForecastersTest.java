package dev.hiss.forecasting.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hiss.forecasting.Forecaster;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineForecastersTest {
  private static final double NaN = Double.NaN;

  private static double[][] col(double... x) {
    double[][] out = new double[x.length][1];
    for (int t = 0; t < x.length; t++) {
      out[t][0] = x[t];
    }
    return out;
  }

  private static double[] first(double[][] rows) {
    double[] out = new double[rows.length];
    for (int t = 0; t < rows.length; t++) {
      out[t] = rows[t][0];
    }
    return out;
  }

  @Test
  void naiveRepeatsTheLastObservedValue() {
    Forecaster.Predictor p = new NaiveForecaster().fit(List.<double[][]>of(col(5, 6)), 3);
    assertArrayEquals(new double[] {2, 2, 2}, first(p.predict(col(1, 2, NaN))), 0);
    assertArrayEquals(new double[] {NaN, NaN, NaN}, first(p.predict(col(NaN))), 0);
  }

  @Test
  void seasonalNaiveTakesTheSameSeasonOfTheLastCycle() {
    // m = 3, history rows 0..6 = 10,11,12,20,21,22,30; origin t = 6
    // k=1 -> row 4 (21), k=2 -> row 5 (22), k=3 -> row 6 (30), k=4 -> row 7-3=4... row 7 > t so 4
    // (21)
    Forecaster.Predictor p = new SeasonalNaiveForecaster(3).fit(List.<double[][]>of(), 4);
    double[][] h = col(10, 11, 12, 20, 21, 22, 30);
    assertArrayEquals(new double[] {21, 22, 30, 21}, first(p.predict(h)), 0);
    // a missing value falls back one more cycle: row 4 missing -> row 1 (11)
    h[4][0] = NaN;
    assertArrayEquals(new double[] {11, 22, 30, 11}, first(p.predict(h)), 0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new SeasonalNaiveForecaster(0));
    assertEquals("Invalid period = 0; must be >= 1", e.getMessage());
  }

  @Test
  void meanUsesObservedTrainingValuesOfAllSeries() {
    // (1 + 3 + 5) / 3 = 3; the history is ignored
    Forecaster.Predictor p =
        new MeanForecaster().fit(List.<double[][]>of(col(1, NaN, 3), col(5)), 2);
    assertArrayEquals(new double[] {3, 3}, first(p.predict(col(100))), 0);
  }

  @Test
  void autoregressionIsExactOnANoiseFreeProcessDespiteMissingTrainingValues() {
    // x[t] = 0.5 x[t-1] + 1: x[t+k] = 2 + 0.5^k (x[t] - 2); from x = 4: 3, 2.5, 2.25
    double[][] a = new double[12][1];
    double[][] b = new double[12][1];
    a[0][0] = 10;
    b[0][0] = -6;
    for (int t = 1; t < 12; t++) {
      a[t][0] = 0.5 * a[t - 1][0] + 1;
      b[t][0] = 0.5 * b[t - 1][0] + 1;
    }
    b[6][0] = NaN; // splits b into two runs
    Forecaster.Predictor p = new AutoregressiveForecaster(1).fit(List.<double[][]>of(a, b), 3);
    assertArrayEquals(new double[] {3, 2.5, 2.25}, first(p.predict(col(7, NaN, 4))), 1e-9);
    assertArrayEquals(new double[] {3, 2.5, 2.25}, first(p.predict(col(4, NaN))), 1e-9);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new AutoregressiveForecaster(2).fit(List.<double[][]>of(a), 0));
    assertEquals("Invalid horizon = 0; must be >= 1", e.getMessage());
  }

  @Test
  void everyBaselineForecastsEveryChannel() {
    double[][] x = new double[20][];
    for (int t = 0; t < x.length; t++) {
      x[t] = new double[] {Math.sin(t), t % 4, 3 + 0.1 * t * (t % 3)};
    }
    List<Forecaster> all =
        List.of(
            new NaiveForecaster(),
            new SeasonalNaiveForecaster(4),
            new MeanForecaster(),
            new AutoregressiveForecaster(2));
    for (Forecaster f : all) {
      double[][] y = f.fit(List.<double[][]>of(x), 5).predict(x);
      assertEquals(5, y.length, f.name());
      for (double[] row : y) {
        assertEquals(3, row.length, f.name());
        for (double v : row) {
          assertEquals(true, Double.isFinite(v), f.name());
        }
      }
    }
  }
}
