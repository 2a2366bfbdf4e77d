package dev.hiss.forecasting.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hiss.forecasting.data.CalendarCovariate;
import dev.hiss.forecasting.data.SplitFractions;
import dev.hiss.model.hiss.OutputHead;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Known-ahead covariates on the forecast task: ARX with a covariate the target depends on beats AR
 * by a large margin, and no model's forecast from an origin depends on a later target, while the
 * covariates of the forecast rows do change it (leakage test).
 */
class EvaluatorCovariatesTest {
  @TempDir Path dir;

  private static final int ROWS = 1200;
  private static final int H = 4;
  private static final int TEST_START = 960; // 0.6 + 0.2 of 1200

  /**
   * y_t = a_t + 2·x_t with x_t ∈ {0, 1} i.i.d. (a known-ahead flag, like a holiday) and a_t =
   * 0.6·a_{t−1} + 0.2·ε: the flag holds var 1 of var(y) ≈ 1.06, which no target lag predicts.
   */
  private static double[][] series(long seed) {
    Random rnd = new Random(seed);
    double[][] xy = new double[ROWS][2];
    double a = 0;
    for (int t = 0; t < ROWS; t++) {
      double x = rnd.nextBoolean() ? 1 : 0;
      a = 0.6 * a + 0.2 * rnd.nextGaussian();
      xy[t][0] = x;
      xy[t][1] = a + 2 * x;
    }
    return xy;
  }

  private Path write(String name, double[][] xy) throws IOException {
    StringBuilder sb = new StringBuilder("t,x,y\n");
    for (int t = 0; t < xy.length; t++) {
      sb.append(String.format(Locale.ROOT, "%d,%.6f,%.6f%n", t, xy[t][0], xy[t][1]));
    }
    Path p = dir.resolve(name);
    Files.writeString(p, sb.toString());
    return p;
  }

  private static EvaluateRequest request(Path csv, String models, List<String> covariates) {
    return new EvaluateRequest(
        csv,
        "t",
        null,
        List.of(),
        List.of("y"),
        EvaluateRequest.Task.FORECAST,
        4,
        H,
        ModelKind.parseList(models),
        5,
        3,
        16,
        new SplitFractions(0.6, 0.2, 0.2),
        30,
        24,
        4,
        "tiny",
        0.01,
        8,
        OutputHead.POINT,
        null,
        null,
        covariates,
        List.of(),
        0);
  }

  @Test
  void arxWithTheCovariateBeatsArByALargeMargin() throws Exception {
    EvaluationResult res =
        Evaluator.run(request(write("a.csv", series(3)), "ar,arx", List.of("x")));
    double ar = res.model("ar").metrics().overall().normalized().mse();
    double arx = res.model("arx").metrics().overall().normalized().mse();
    System.out.printf(Locale.ROOT, "normalized MSE: ar %.4f, arx %.4f%n", ar, arx);
    // ar cannot foresee the flag (normalized MSE ≈ 1); arx is left with about var(a)/var(y)
    assertTrue(ar > 0.8, "ar " + ar);
    assertTrue(arx < 0.15 * ar, "arx " + arx + " vs ar " + ar);
    JsonNode json = new ObjectMapper().readTree(EvaluationJson.write(res));
    assertEquals("[\"x\"]", json.get("covariates").toString());
    assertEquals(1L * H * (4 + 1 + 1), res.model("arx").params());
  }

  /**
   * Changing every target of the test part leaves the forecasts of the first test window (origin
   * testStart − 1, rows testStart … testStart+h−1) unchanged for ar, arx and a neural model with
   * covariates; changing the covariates of those h rows changes the arx and neural forecasts.
   */
  @Test
  void futureTargetsChangeNoForecastButFutureCovariatesDo() throws Exception {
    double[][] base = series(4);
    double[][] futureTargets = copy(base);
    Random rnd = new Random(9);
    for (int t = TEST_START; t < ROWS; t++) {
      futureTargets[t][1] = 50 * rnd.nextGaussian();
    }
    double[][] futureCov = copy(base);
    for (int t = TEST_START; t < TEST_START + H; t++) {
      futureCov[t][0] = 1 - base[t][0];
    }
    String models = "ar,arx,s4d";
    EvaluationResult a = Evaluator.run(request(write("base.csv", base), models, List.of("x")));
    EvaluationResult b =
        Evaluator.run(request(write("targets.csv", futureTargets), models, List.of("x")));
    EvaluationResult c = Evaluator.run(request(write("cov.csv", futureCov), models, List.of("x")));
    for (String m : List.of("ar", "arx", "s4d")) {
      double[] pa = first(a.model(m));
      assertTrue(Arrays.stream(pa).allMatch(Double::isFinite), m + " forecasts");
      assertArrayEquals(pa, first(b.model(m)), 0.0, m + ": later targets changed a forecast");
    }
    assertArrayEquals(first(a.model("ar")), first(c.model("ar")), 0.0, "ar reads no covariate");
    for (String m : List.of("arx", "s4d")) {
      double[] pa = first(a.model(m));
      double[] pc = first(c.model(m));
      double diff = 0;
      for (int r = 0; r < H; r++) {
        diff = Math.max(diff, Math.abs(pa[r] - pc[r]));
      }
      assertTrue(diff > 1e-3, m + ": the forecast rows' covariates changed nothing");
    }
  }

  private static double[] first(ModelResult m) {
    return Arrays.copyOf(m.samplePrediction(), H);
  }

  private static double[][] copy(double[][] a) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }

  @Test
  void covariateOptionsAreValidated() {
    Path csv = dir.resolve("none.csv");
    BadRequestException e =
        assertThrows(BadRequestException.class, () -> request(csv, "ar,arx", List.of("y")));
    assertEquals(
        "Invalid --covariates = y: it is a target, whose future values are not known ahead",
        e.getMessage());
    e = assertThrows(BadRequestException.class, () -> request(csv, "arx", List.of()));
    assertEquals(
        "Invalid --models: arx needs --covariates or --calendar-covariates", e.getMessage());
    e =
        assertThrows(
            BadRequestException.class,
            () ->
                new EvaluateRequest(
                    csv,
                    null,
                    null,
                    List.of(),
                    List.of("y"),
                    EvaluateRequest.Task.FORECAST,
                    4,
                    H,
                    ModelKind.parseList("ar"),
                    5,
                    3,
                    16,
                    new SplitFractions(0.6, 0.2, 0.2),
                    1,
                    24,
                    4,
                    "tiny",
                    0.01,
                    8,
                    OutputHead.POINT,
                    null,
                    null,
                    List.of(),
                    List.of(CalendarCovariate.TIME_OF_DAY),
                    48));
    assertEquals(
        "Invalid --calendar-covariates: they are derived from --time-col, which is not given",
        e.getMessage());
  }

  @Test
  void calendarCovariatesFromDatesAndStepNumbers() {
    List<CalendarCovariate> both = CalendarCovariate.parseList("time-of-day, day-of-week");
    // 2024-01-01 was a Monday; 06:00 is a quarter of the day
    double[][] d = CalendarCovariate.derive(List.of("2024-01-01 06:00:00"), both, 0);
    assertEquals(10, d[0].length);
    assertEquals(1, d[0][0], 1e-12); // sin(2π·0.25)
    assertEquals(0, d[0][1], 1e-12); // cos(2π·0.25)
    assertEquals(Math.sin(2 * Math.PI * 0.25 / 7), d[0][6], 1e-12);
    // step 60 with 48 per day: day 1 (Tuesday of the index), 12/48 = 0.25 of the day
    double[][] s = CalendarCovariate.derive(List.of("60"), both, 48);
    assertEquals(1, s[0][0], 1e-12);
    assertEquals(Math.sin(2 * Math.PI * 1.25 / 7), s[0][6], 1e-12);
    assertArrayEquals(
        CalendarCovariate.derive(List.of("2024-01-01T06:00"), both, 0)[0], d[0], 1e-12);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> CalendarCovariate.derive(List.of("12"), both, 0));
    assertTrue(e.getMessage().startsWith("Invalid --steps-per-day = 0"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CalendarCovariate.derive(List.of("noon"), both, 0));
    assertTrue(e.getMessage().startsWith("Invalid time label = 'noon' at row 0"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> CalendarCovariate.parseList("hour-of-year"));
    assertEquals(
        "Invalid calendar covariate = 'hour-of-year'; must be time-of-day or day-of-week, each"
            + " at most once",
        e.getMessage());
  }
}
