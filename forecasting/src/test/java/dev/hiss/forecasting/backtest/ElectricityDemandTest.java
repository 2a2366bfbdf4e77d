package dev.hiss.forecasting.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.forecasting.Forecaster;
import dev.hiss.forecasting.baseline.AutoregressiveForecaster;
import dev.hiss.forecasting.baseline.MeanForecaster;
import dev.hiss.forecasting.baseline.NaiveForecaster;
import dev.hiss.forecasting.baseline.SeasonalNaiveForecaster;
import dev.hiss.forecasting.data.CsvSeries;
import dev.hiss.forecasting.data.CsvSpec;
import dev.hiss.forecasting.data.SeriesTable;
import dev.hiss.forecasting.metric.ChannelMetrics;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Half-hourly electricity demand (Taylor 2003, 12 weeks, see ATTRIBUTION.md): day-ahead forecasts
 * (h = 48) from every day's end during the last four weeks, fitted on the first eight weeks.
 */
class ElectricityDemandTest {
  private static final int WEEK = 336;

  @Test
  void weeklySeasonalNaiveBeatsNaiveDayAhead() throws Exception {
    SeriesTable t;
    try (Reader r =
        new InputStreamReader(
            getClass().getResourceAsStream("/dev/hiss/forecasting/taylor_halfhourly_MW.csv"),
            StandardCharsets.UTF_8)) {
      t = CsvSeries.read(r, "taylor_halfhourly_MW.csv", CsvSpec.univariate("halfhour", "MW"));
    }
    assertEquals(4032, t.rows());
    assertEquals(0, t.count("MW").missing());

    BacktestConfig cfg = new BacktestConfig(48, 48, 4032 - 4 * WEEK, false, WEEK);
    RollingOrigin ro = new RollingOrigin(cfg);
    Map<String, ChannelMetrics> m = new LinkedHashMap<>();
    for (Forecaster f :
        List.of(
            new NaiveForecaster(),
            new SeasonalNaiveForecaster(48),
            new SeasonalNaiveForecaster(WEEK),
            new MeanForecaster(),
            new AutoregressiveForecaster(48))) {
      ChannelMetrics c = ro.run(f, t.series(), List.of("MW")).overall().overall();
      m.put(f.name(), c);
      System.out.printf(
          "taylor h=48 %-22s values=%d episodes=%d MAE=%8.1f MW RMSE=%8.1f MW MASE(m=336)=%.3f"
              + " sMAPE=%.2f%% normMSE=%.4f%n",
          f.name(),
          c.values(),
          c.episodes(),
          c.original().mae(),
          c.original().rmse(),
          c.mase(),
          c.smape(),
          c.normalized().mse());
    }
    ChannelMetrics naive = m.get("naive");
    ChannelMetrics weekly = m.get("seasonal-naive(m=336)");
    // origins 2687, 2735, ..., 3983: 28 days of 48 half-hours
    assertEquals(28, naive.episodes());
    assertEquals(28 * 48, naive.values());
    assertEquals(1, naive.series());
    assertTrue(
        weekly.original().mae() < 0.5 * naive.original().mae(),
        "weekly seasonal naive MAE "
            + weekly.original().mae()
            + " vs naive "
            + naive.original().mae());
    assertTrue(weekly.original().mse() < naive.original().mse());
    assertTrue(m.get("mean").original().mae() > weekly.original().mae());
  }
}
