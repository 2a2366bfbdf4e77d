package dev.hiss.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code hiss derive} through picocli: the files it writes are read by {@code hiss evaluate}; bad
 * input exits with 2, one line, and no file.
 */
class DeriveCommandTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  private int run(String... args) {
    return new CommandLine(new Hiss())
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(args);
  }

  /** Spikes every 0.8 s (75 bpm) on a slow wave, 360 Hz. */
  private Path ecg() throws Exception {
    StringBuilder sb = new StringBuilder("t_s,ecg_mV\n");
    for (int i = 0; i < 360 * 30; i++) {
      double t = i / 360.0;
      double phase = (t - 0.5) % 0.8;
      double d = Math.min(Math.abs(phase), 0.8 - Math.abs(phase));
      double v = 0.1 * Math.sin(t) + Math.exp(-(d / 0.01) * (d / 0.01));
      sb.append(String.format(Locale.ROOT, "%.5f,%.5f%n", t, v));
    }
    Path p = dir.resolve("ecg.csv");
    Files.writeString(p, sb.toString());
    return p;
  }

  @Test
  void heartRateWritesAColumnThatEvaluateUsesAsTheSeq2SeqTarget() throws Exception {
    Path hr = dir.resolve("hr.csv");
    assertEquals(0, run("derive", "heart-rate", "--csv", ecg().toString(), "--out", hr.toString()));
    assertTrue(out.toString().contains("(37 R peaks)"), out.toString());
    List<String> lines = Files.readAllLines(hr);
    assertEquals("t_s,ecg_mV,heart_rate_bpm", lines.get(0));
    assertTrue(lines.get(lines.size() - 1).endsWith(",75.0000"), lines.get(lines.size() - 1));
    assertEquals(
        0,
        run(
            "evaluate",
            "--csv",
            hr.toString(),
            "--time-col",
            "t_s",
            "--inputs",
            "ecg_mV",
            "--targets",
            "heart_rate_bpm",
            "--chunk",
            "36",
            "--episode-length",
            "720",
            "--models",
            "naive,mean"),
        err.toString());
    assertTrue(out.toString().contains("hr.csv: 10800 rows, 1 series"), out.toString());
  }

  @Test
  void longWritesOneSeriesPerColumnThatEvaluateForecasts() throws Exception {
    StringBuilder sb = new StringBuilder("\"date\",\"S1\",\"S2\"\n");
    for (int d = 0; d < 200; d++) {
      sb.append(String.format(Locale.ROOT, "d%d,%d,%s%n", d, d % 7, d % 5 == 0 ? "NA" : "" + d));
    }
    Path wide = dir.resolve("wide.csv");
    Files.writeString(wide, sb.toString());
    Path lng = dir.resolve("long.csv");
    assertEquals(
        0,
        run(
            "derive",
            "long",
            "--csv",
            wide.toString(),
            "--id-col",
            "date",
            "--series-name",
            "station",
            "--value-name",
            "pm10",
            "--out",
            lng.toString()));
    assertTrue(out.toString().contains("(2 series)"), out.toString());
    assertEquals(
        0,
        run(
            "evaluate",
            "--csv",
            lng.toString(),
            "--time-col",
            "date",
            "--series-col",
            "station",
            "--targets",
            "pm10",
            "--task",
            "forecast",
            "--horizon",
            "7",
            "--period",
            "7",
            "--models",
            "naive,seasonal"),
        err.toString());
    assertTrue(out.toString().contains("long.csv: 400 rows, 2 series"), out.toString());
  }

  @Test
  void badInputExitsWith2OnOneLineAndWritesNothing() throws Exception {
    Path hr = dir.resolve("hr.csv");
    assertEquals(
        2,
        run(
            "derive",
            "heart-rate",
            "--csv",
            ecg().toString(),
            "--column",
            "mv",
            "--out",
            hr.toString()));
    String e = err.toString().strip();
    assertEquals(1, e.lines().count(), e);
    assertTrue(e.startsWith("hiss derive heart-rate: Unknown column 'mv' in ecg.csv"), e);
    assertFalse(Files.exists(hr));
    assertFalse(Files.exists(dir.resolve("hr.csv.tmp")));
    err.getBuffer().setLength(0);
    assertEquals(
        2,
        run(
            "derive",
            "long",
            "--csv",
            dir.resolve("none.csv").toString(),
            "--id-col",
            "d",
            "--out",
            hr.toString()));
    assertTrue(err.toString().contains("Cannot read --csv"), err.toString());
  }
}
