package dev.hiss.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code hiss evaluate --dt-from-time} on a CSV with irregular timestamps (two series). */
class EvaluateDtCommandTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  /** Two motes sampled at irregular times; {@code repeatRow} (1-based, mote 1) repeats a time. */
  private Path csv(int repeatRow) throws Exception {
    Random rnd = new Random(3);
    StringBuilder sb = new StringBuilder("t,mote,u,y\n");
    for (String mote : new String[] {"1", "2"}) {
      double tau = 0;
      for (int row = 1; row <= 600; row++) {
        if (!(mote.equals("1") && row == repeatRow)) {
          tau += 0.25 + 1.5 * rnd.nextDouble();
        }
        double u = Math.sin(tau / 3);
        sb.append(String.format(Locale.ROOT, "%.3f,%s,%.6f,%.6f%n", tau, mote, u, Math.cos(tau)));
      }
    }
    Path p = dir.resolve("irregular-" + repeatRow + ".csv");
    Files.writeString(p, sb.toString());
    return p;
  }

  private int run(Path csv, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "evaluate",
                "--csv",
                csv.toString(),
                "--series-col",
                "mote",
                "--inputs",
                "u",
                "--targets",
                "y",
                "--chunk",
                "5",
                "--epochs",
                "1",
                "--episode-length",
                "50"));
    args.addAll(List.of(extra));
    return new CommandLine(new Hiss())
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(args.toArray(new String[0]));
  }

  @Test
  void writesDtTrueAndFeedsTheSsmModels() throws Exception {
    Path json = dir.resolve("dt.json");
    assertEquals(
        0,
        run(
            csv(0),
            "--time-col",
            "t",
            "--dt-from-time",
            "--models",
            "naive,s4d,lstm",
            "--json",
            json.toString()),
        err.toString());
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    assertTrue(root.path("dt").asBoolean(), root.toString());
    JsonNode models = root.path("models");
    assertTrue(models.path("s4d").path("description").asText().endsWith("Δt from time"));
    assertTrue(!models.path("lstm").path("description").asText().contains("Δt"));
    assertTrue(Double.isFinite(models.path("s4d").path("mse").asDouble(Double.NaN)));
  }

  @Test
  void needsTheTimeColumnAndIncreasingTimes() throws Exception {
    assertEquals(2, run(csv(0), "--dt-from-time", "--models", "s4d"));
    String e = err.toString().strip();
    assertEquals(1, e.lines().count(), e);
    assertTrue(e.contains("--dt-from-time") && e.contains("--time-col"), e);

    err.getBuffer().setLength(0);
    assertEquals(2, run(csv(123), "--time-col", "t", "--dt-from-time", "--models", "s4d"));
    e = err.toString().strip();
    assertEquals(1, e.lines().count(), e);
    assertTrue(e.contains("row 123 of series '1'"), e);
  }
}
