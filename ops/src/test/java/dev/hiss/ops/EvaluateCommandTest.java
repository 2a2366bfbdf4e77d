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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code hiss evaluate} through picocli: exit codes, one-line errors, the files it writes. */
class EvaluateCommandTest {
  @TempDir Path dir;
  Path csv;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach
  void writeCsv() throws Exception {
    StringBuilder sb = new StringBuilder("t,mote,u,y\n");
    for (String mote : new String[] {"1", "2"}) {
      for (int t = 0; t < 1000; t++) {
        double u = Math.sin(t / 7.0) + (mote.equals("2") ? 1 : 0);
        sb.append(t).append(',').append(mote).append(',');
        sb.append(String.format(Locale.ROOT, "%.6f,%.6f%n", u, 2 * u + 0.1 * Math.cos(t)));
      }
    }
    csv = dir.resolve("in.csv");
    Files.writeString(csv, sb.toString());
  }

  private int run(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "evaluate",
                "--csv",
                csv.toString(),
                "--time-col",
                "t",
                "--series-col",
                "mote",
                "--inputs",
                "u",
                "--targets",
                "y",
                "--epochs",
                "2",
                "--episode-length",
                "100"));
    args.addAll(List.of(extra));
    return new CommandLine(new Hiss())
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(args.toArray(new String[0]));
  }

  private void assertOneLineError(String... fragments) {
    String e = err.toString().strip();
    assertEquals(1, e.lines().count(), e);
    for (String f : fragments) {
      assertTrue(e.contains(f), "'" + f + "' not in: " + e);
    }
  }

  @Test
  void unknownColumnExitsWith2AndNamesIt() {
    assertEquals(2, run("--models", "naive", "--inputs", "humidity"));
    assertOneLineError("'humidity'");
  }

  @Test
  void chunkThatDoesNotDivideExitsWith2() {
    assertEquals(2, run("--models", "naive", "--chunk", "7"));
    assertOneLineError("--chunk = 7", "--episode-length = 100");
  }

  @Test
  void emptySplitExitsWith2() {
    assertEquals(2, run("--models", "naive", "--split", "0.8,0.2,0"));
    assertOneLineError("--split", "0.8,0.2,0.0");
  }

  @Test
  void unknownModelExitsWith2() {
    assertEquals(2, run("--models", "hiss,gpt"));
    assertOneLineError("Unknown model 'gpt'");
  }

  @Test
  void badSplitTextAndTaskExitWith2() {
    assertEquals(2, run("--models", "naive", "--split", "0.6,x,0.2"));
    assertOneLineError("--split", "0.6,x,0.2");
    err.getBuffer().setLength(0);
    assertEquals(2, run("--models", "naive", "--task", "classify"));
    assertOneLineError("--task = 'classify'");
  }

  @Test
  void badHeadExitsWith2() {
    assertEquals(2, run("--models", "hiss", "--head", "laplace"));
    assertOneLineError("--head = 'laplace'", "point, gaussian or quantile");
  }

  @Test
  void badQuantileLossAndCovariateValuesExitWith2() {
    String[][] cases = {
      {"--head", "quantile", "--quantiles", "0.9,0.1"},
      {"--head", "quantile", "--quantiles", "0.1,1.5"},
      {"--head", "quantile", "--quantiles", "0.1,x"},
      {"--head", "gaussian", "--quantiles", "0.1,0.9"},
      {"--head", "point", "--loss", "crps"},
      {"--head", "gaussian", "--loss", "huber"},
      {"--task", "forecast", "--covariates", "y"},
      {"--task", "forecast", "--calendar-covariates", "hour-of-year"},
      {"--task", "forecast", "--calendar-covariates", "time-of-day"},
      {"--covariates", "u"},
    };
    String[][] expected = {
      {"Invalid --quantiles = [0.9, 0.1]", "strictly increasing"},
      {"Invalid quantile = 1.5", "(0, 1)"},
      {"Invalid quantile = 'x'"},
      {"Invalid --quantiles = 0.1,0.9", "only --head quantile"},
      {"Invalid --loss = gaussian_crps for --head point", "mse"},
      {"Invalid --loss = 'huber'", "nll, crps"},
      {"Invalid --covariates = y", "not known ahead"},
      {"Invalid --calendar-covariates = 'hour-of-year'"},
      {"Invalid --steps-per-day = 0", "numbers"},
      {"only --task forecast"},
    };
    for (int i = 0; i < cases.length; i++) {
      err.getBuffer().setLength(0);
      List<String> a = new ArrayList<>(List.of("--models", "ar"));
      a.addAll(List.of(cases[i]));
      assertEquals(2, run(a.toArray(new String[0])), String.join(" ", cases[i]));
      assertOneLineError(expected[i]);
    }
  }

  @Test
  void quantileHeadAndArxWithCalendarCovariatesWriteTheirFields() throws Exception {
    Path json = dir.resolve("q.json");
    int rc =
        run(
            "--models",
            "ar,arx,s4d",
            "--task",
            "forecast",
            "--horizon",
            "4",
            "--chunk",
            "4",
            "--head",
            "quantile",
            "--quantiles",
            "0.2,0.5,0.8",
            "--calendar-covariates",
            "time-of-day",
            "--steps-per-day",
            "24",
            "--json",
            json.toString());
    assertEquals(0, rc, err.toString());
    String table = out.toString();
    assertTrue(table.contains("pinball"), table);
    JsonNode root = new ObjectMapper().readTree(Files.readString(json));
    assertEquals("quantile", root.get("head").asText());
    assertEquals("[\"time-of-day\"]", root.get("covariates").toString());
    JsonNode s4d = root.get("models").get("s4d");
    assertTrue(s4d.get("pinball").asDouble() > 0, s4d.toString());
    for (String level : new String[] {"0.2", "0.5", "0.8"}) {
      double c = s4d.get("coverage").get(level).asDouble();
      assertTrue(c >= 0 && c <= 1, s4d.toString());
    }
    assertTrue(root.get("models").get("arx").get("description").asText().contains("6 covariates"));
  }

  @Test
  void gaussianHeadPrintsAndWritesCrpsAndCoverage() throws Exception {
    Path json = dir.resolve("g.json");
    assertEquals(0, run("--models", "naive,s4d", "--head", "gaussian", "--json", json.toString()));
    String table = out.toString();
    assertTrue(table.contains("crps") && table.contains("cov90"), table);
    JsonNode root = new ObjectMapper().readTree(Files.readString(json));
    assertEquals("gaussian", root.get("head").asText());
    JsonNode s4d = root.get("models").get("s4d");
    assertTrue(s4d.get("crps").asDouble() > 0, s4d.toString());
    double cov = s4d.get("coverage_90").asDouble();
    assertTrue(cov >= 0 && cov <= 1, s4d.toString());
    assertTrue(!root.get("models").get("naive").has("crps"));
  }

  @Test
  void missingRequiredOptionIsAUsageError() {
    int code =
        new CommandLine(new Hiss())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute("evaluate", "--targets", "y");
    assertEquals(2, code);
    assertTrue(err.toString().contains("--csv"), err.toString());
  }

  @Test
  void writesJsonAndReportAndPrintsTheTable() throws Exception {
    Path json = dir.resolve("out.json");
    Path html = dir.resolve("out.html");
    int code =
        run("--models", "naive,ar,hiss,s4", "--json", json.toString(), "--report", html.toString());
    assertEquals(0, code, err.toString());
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    assertEquals("seq2seq", root.get("task").asText());
    assertEquals(2000, root.get("data").get("rows").asInt());
    assertEquals(2, root.get("data").get("series").asInt());
    assertEquals(20, root.get("data").get("episodes").asInt());
    assertEquals(List.of("naive", "ar", "hiss", "s4"), fieldNames(root.get("models")));
    for (JsonNode m : root.get("models")) {
      assertTrue(Double.isFinite(m.get("normalized_mse").asDouble()));
      // 2 motes × 2 test episodes (of 10) × 10 targets
      assertEquals(40, m.get("values").asInt());
    }
    String page = Files.readString(html);
    assertTrue(page.contains("<svg") && page.contains("</html>"));
    assertTrue(out.toString().contains("hiss"), out.toString());
    assertTrue(out.toString().contains("wrote " + json), out.toString());
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
