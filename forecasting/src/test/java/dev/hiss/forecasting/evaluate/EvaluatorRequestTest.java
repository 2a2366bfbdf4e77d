package dev.hiss.forecasting.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.forecasting.data.SplitFractions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad requests name the option or value; the forecast task scores the point baselines. */
class EvaluatorRequestTest {
  @TempDir Path dir;

  private static EvaluateRequest forecast(Path csv, String models, int horizon, String split) {
    return new EvaluateRequest(
        csv,
        null,
        "s",
        List.of(),
        List.of("v"),
        EvaluateRequest.Task.FORECAST,
        1,
        horizon,
        ModelKind.parseList(models),
        1,
        1,
        4096,
        SplitFractions.parse(split),
        1,
        12,
        2,
        "tiny",
        0.003,
        4);
  }

  @Test
  void unknownColumnIsNamed() throws Exception {
    Path csv = SyntheticCsv.write(dir, "a.csv", SyntheticCsv.ROWS);
    EvaluateRequest r =
        new EvaluateRequest(
            csv,
            null,
            null,
            List.of("humidity"),
            List.of("y"),
            EvaluateRequest.Task.SEQ2SEQ,
            10,
            1,
            List.of(ModelKind.NAIVE),
            1,
            1,
            200,
            new SplitFractions(0.6, 0.2, 0.2),
            1,
            1,
            1,
            "tiny",
            0.003,
            4);
    var e = assertThrows(BadRequestException.class, () -> Evaluator.run(r));
    assertTrue(e.getMessage().contains("'humidity'"), e.getMessage());
  }

  @Test
  void chunkThatDoesNotDivideAndSplitsThatLeaveAPartEmpty() throws Exception {
    Path csv = SyntheticCsv.write(dir, "b.csv", SyntheticCsv.ROWS);
    var e =
        assertThrows(BadRequestException.class, () -> Requests.seq2seq(csv, "naive", 1, 1, 1, 205));
    assertTrue(e.getMessage().contains("--chunk = 10"), e.getMessage());
    // 3000 rows in 2 episodes of 1500: 0.6/0.2/0.2 leaves validation and test empty
    var empty =
        assertThrows(
            BadRequestException.class,
            () -> Evaluator.run(Requests.seq2seq(csv, "naive", 1, 1, 1, 1500)));
    assertTrue(empty.getMessage().contains("validation part has no episode"), empty.getMessage());
    assertThrows(
        BadRequestException.class, () -> forecast(csv, "naive", 1, "0.8,0.2,0"), "empty test");
  }

  @Test
  void unknownModelsAreRejected() {
    assertEquals(
        List.of(ModelKind.S5, ModelKind.LSTM, ModelKind.TRANSFORMER, ModelKind.HISS),
        ModelKind.parseList("s5,LSTM,transformer,hiss"));
    var unknown = assertThrows(BadRequestException.class, () -> ModelKind.parseList("foo"));
    assertTrue(unknown.getMessage().contains("'foo'"));
    assertTrue(unknown.getMessage().contains("s5,lstm,transformer"), unknown.getMessage());
  }

  @Test
  void forecastTaskScoresBaselinesOnTestWindows() throws Exception {
    // two series with a period-12 pattern: seasonal naive with m = 12 is exact
    StringBuilder sb = new StringBuilder("s,v\n");
    for (String s : new String[] {"a", "b"}) {
      for (int t = 0; t < 240; t++) {
        double v = 10 + 3 * Math.sin(2 * Math.PI * t / 12) + (s.equals("b") ? 5 : 0);
        sb.append(s).append(',').append(String.format(Locale.ROOT, "%.9f", v)).append('\n');
      }
    }
    Path csv = dir.resolve("f.csv");
    Files.writeString(csv, sb.toString());
    EvaluationResult r = Evaluator.run(forecast(csv, "naive,seasonal,mean,ar", 4, "0.6,0.2,0.2"));
    // test part: rows 192..239 of each series = 48 rows = 12 windows of h = 4
    assertEquals(24, r.data().testEpisodes());
    assertEquals(480, r.data().rows());
    for (ModelResult m : r.models()) {
      assertEquals(96, m.metrics().overall().values(), m.name());
    }
    assertEquals(0, r.model("seasonal").metrics().overall().original().mse(), 1e-12);
    assertTrue(r.model("naive").metrics().overall().original().mse() > 1);
    // one pooled AR(2) for both series: exact up to the series' different intercepts
    assertTrue(
        r.model("ar").metrics().overall().original().mse()
            < r.model("naive").metrics().overall().original().mse());
  }
}
