package dev.hiss.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad option values, unknown options and bad configuration files give exactly one error line
 * (naming the option or key and the value), no usage dump and no stack trace, and exit code 2.
 */
class CliErrorsTest {
  @TempDir Path dir;

  record Result(int code, List<String> lines) {}

  /** Runs the launcher; everything it writes, through picocli or System.out/err, is captured. */
  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ByteArrayOutputStream stray = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    int code;
    try (PrintStream capture = new PrintStream(stray, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      System.setErr(capture);
      code = Hiss.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    List<String> lines = new ArrayList<>();
    for (String text :
        List.of(out.toString(), err.toString(), stray.toString(StandardCharsets.UTF_8))) {
      text.lines().filter(l -> !l.isBlank()).forEach(lines::add);
    }
    return new Result(code, lines);
  }

  private static void assertOneLine(String contains, String... args) {
    Result r = run(args);
    assertEquals(2, r.code(), String.join(" ", args) + " -> " + r.lines());
    assertEquals(1, r.lines().size(), String.join(" ", args) + " -> " + r.lines());
    String line = r.lines().get(0);
    assertTrue(line.startsWith("hiss"), line);
    assertTrue(line.contains(contains), line);
  }

  @Test
  void badOptionValuesGiveOneLine() {
    assertOneLine("Invalid --speed = -1.0; must be >= 0", "replay", "--speed", "-1");
    assertOneLine("'abc' is not a double", "replay", "--speed", "abc");
    assertOneLine("Unknown option: '--nope'", "replay", "--nope");
    assertOneLine("Invalid --devices = 0; must be >= 1", "simulate", "--devices", "0");
    assertOneLine("Invalid --rate = NaN; must be > 0", "simulate", "--rate", "NaN");
    assertOneLine(
        "Unknown column 'nosuch'",
        "replay",
        "--bootstrap-server",
        "localhost:1",
        "--channels",
        "nosuch");
    assertOneLine("hiss replay: ", "replay", "--limit", "-4");
    assertOneLine(
        "hiss scorer: Invalid --anomaly-interval-k = 0.5; must be >= 1 and finite",
        "scorer",
        "--model",
        "/nonexistent/model",
        "--anomaly-interval-k",
        "0.5");
  }

  @Test
  void badTrainHeadCombinationsGiveOneLineBeforeSparkStarts() {
    String[] base = {"train", "--inputs", "x", "--target", "x", "--lake", "/nonexistent/lake"};
    assertOneLine(
        "Invalid --head = 'normal'; must be point, gaussian or quantile",
        concat(base, "--head", "normal"));
    assertOneLine(
        "Invalid --loss = pinball for --head gaussian",
        concat(base, "--head", "gaussian", "--loss", "pinball"));
    assertOneLine("Invalid --loss = crps for --head point", concat(base, "--loss", "crps"));
    assertOneLine(
        "Invalid --loss = 'mae'; must be mse, nll, crps or pinball",
        concat(base, "--head", "quantile", "--loss", "mae"));
    assertOneLine(
        "Invalid --quantiles = 0.1,0.9; only --head quantile has levels",
        concat(base, "--head", "gaussian", "--quantiles", "0.1,0.9"));
    assertOneLine(
        "Invalid --quantiles", concat(base, "--head", "quantile", "--quantiles", "0.9,0.1"));
  }

  private static String[] concat(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  @Test
  void badConfigurationGivesOneLine() throws Exception {
    Path bad = dir.resolve("bad.properties");
    Files.writeString(bad, "topics.partitions = -3\n");
    assertOneLine(
        "Invalid topics.partitions = '-3' (from " + bad + ")",
        "--config",
        bad.toString(),
        "topics");
    Path typo = dir.resolve("typo.properties");
    Files.writeString(typo, "topics.partition = 3\n");
    assertOneLine("Unknown key 'topics.partition'", "--config", typo.toString(), "topics");
    Path broken = dir.resolve("broken.properties");
    Files.writeString(broken, "lake.path = \\u12\n");
    assertOneLine("hiss: configuration: Malformed", "--config", broken.toString(), "topics");
    assertOneLine("does not exist", "--config", dir.resolve("missing").toString(), "topics");
    assertOneLine("needs a FILE", "topics", "--config");
  }
}
