package dev.hiss.forecasting.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.forecasting.data.SplitFractions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --dt-from-time} on CSVs with irregular timestamps: the neural models with a step size read
 * the Δt channel (their descriptions say so, their results change), the LSTM and the baselines do
 * not, the JSON says {@code "dt": true}, and bad requests and bad gaps are named.
 */
class EvaluatorDtTest {

  private static final int ROWS = 1200;
  private static final int CHUNK = 5;

  @TempDir Path dir;

  /**
   * An oscillation x(τ) = cos(2πτ/8 + 1) sampled with gaps U(0.2, 1.8) s; target y = x(τ + 1).
   *
   * @param iso whether the times are ISO-8601 instants rather than seconds
   * @param repeatRow a 1-based data row whose time repeats the previous one, or 0
   */
  private Path csv(String name, boolean iso, int repeatRow) throws Exception {
    Random rnd = new Random(7);
    StringBuilder sb = new StringBuilder("t,x,y\n");
    double tau = 1000;
    for (int row = 1; row <= ROWS; row++) {
      if (row != repeatRow) {
        tau += 0.2 + 1.6 * rnd.nextDouble();
      }
      double x = Math.cos(2 * Math.PI * tau / 8 + 1);
      double y = Math.cos(2 * Math.PI * (tau + 1) / 8 + 1);
      String t =
          iso
              ? Instant.ofEpochMilli(1_700_000_000_000L + Math.round(tau * 1000)).toString()
              : String.format(Locale.ROOT, "%.4f", tau);
      sb.append(t).append(String.format(Locale.ROOT, ",%.6f,%.6f%n", x, y));
    }
    Path p = dir.resolve(name);
    Files.writeString(p, sb.toString());
    return p;
  }

  private static EvaluateRequest request(Path csv, String time, String models, boolean dt) {
    return new EvaluateRequest(
            csv,
            time,
            null,
            List.of("x"),
            List.of("y"),
            EvaluateRequest.Task.SEQ2SEQ,
            CHUNK,
            1,
            ModelKind.parseList(models),
            3,
            2,
            50,
            new SplitFractions(0.6, 0.2, 0.2),
            2,
            24,
            4,
            "tiny",
            0.003,
            8,
            dev.hiss.model.hiss.OutputHead.POINT)
        .withDtFromTime(dt);
  }

  @Test
  void neuralModelsWithAStepSizeReadTheDtChannel() throws Exception {
    Path file = csv("irregular.csv", false, 0);
    EvaluationResult withDt = Evaluator.run(request(file, "t", "hiss,s4d,lstm,naive", true));
    EvaluationResult plain = Evaluator.run(request(file, "t", "hiss,s4d,lstm,naive", false));
    String json = EvaluationJson.write(withDt);
    assertTrue(json.matches("(?s).*\"dt\"\\s*:\\s*true.*"), json);
    assertFalse(EvaluationJson.write(plain).contains("\"dt\""));
    for (String m : List.of("hiss", "s4d")) {
      assertTrue(withDt.model(m).description().endsWith("Δt from time"), m);
      assertFalse(plain.model(m).description().contains("Δt"), m);
      double a = withDt.model(m).metrics().overall().normalized().mse();
      double b = plain.model(m).metrics().overall().normalized().mse();
      assertTrue(Double.isFinite(a) && Double.isFinite(b), m + ": " + a + ", " + b);
      assertNotEquals(a, b, m + ": the Δt channel changes the model");
    }
    assertFalse(withDt.model("lstm").description().contains("Δt"));
    assertEquals(
        plain.model("lstm").metrics().overall().normalized().mse(),
        withDt.model("lstm").metrics().overall().normalized().mse(),
        0.0,
        "the LSTM does not read Δt");
    assertEquals(
        plain.model("naive").metrics().overall().original().mse(),
        withDt.model("naive").metrics().overall().original().mse(),
        0.0);
  }

  @Test
  void isoTimesWork() throws Exception {
    EvaluationResult r = Evaluator.run(request(csv("iso.csv", true, 0), "t", "s4d", true));
    assertTrue(r.model("s4d").description().endsWith("Δt from time"));
    assertTrue(Double.isFinite(r.model("s4d").metrics().overall().normalized().mse()));
  }

  @Test
  void badRequestsAndNonPositiveGapsAreNamed() throws Exception {
    Path file = csv("repeat.csv", false, 437);
    BadRequestException e =
        assertThrows(
            BadRequestException.class, () -> Evaluator.run(request(file, "t", "s4d", true)));
    assertTrue(e.getMessage().contains("row 437"), e.getMessage());
    assertTrue(e.getMessage().contains("gap 0.0"), e.getMessage());
    BadRequestException noTime =
        assertThrows(BadRequestException.class, () -> request(file, null, "s4d", true));
    assertTrue(noTime.getMessage().contains("--time-col"), noTime.getMessage());
    BadRequestException forecast =
        assertThrows(
            BadRequestException.class,
            () ->
                new EvaluateRequest(
                        file,
                        "t",
                        null,
                        List.of("x"),
                        List.of("y"),
                        EvaluateRequest.Task.FORECAST,
                        CHUNK,
                        1,
                        ModelKind.parseList("naive"),
                        3,
                        2,
                        50,
                        new SplitFractions(0.6, 0.2, 0.2),
                        2,
                        24,
                        4,
                        "tiny",
                        0.003,
                        8)
                    .withDtFromTime(true));
    assertTrue(forecast.getMessage().contains("--dt-from-time"), forecast.getMessage());
    // the time column must hold times
    Path text = dir.resolve("text.csv");
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
    lines.set(3, "noon" + lines.get(3).substring(lines.get(3).indexOf(',')));
    Files.write(text, lines);
    BadRequestException label =
        assertThrows(
            BadRequestException.class, () -> Evaluator.run(request(text, "t", "s4d", true)));
    assertTrue(label.getMessage().contains("row 3 of series"), label.getMessage());
    assertTrue(label.getMessage().contains("'noon'"), label.getMessage());
  }
}
