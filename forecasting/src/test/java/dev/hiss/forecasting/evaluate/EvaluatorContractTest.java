package dev.hiss.forecasting.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON contract of {@link Evaluator} on synthetic data with a known answer. */
class EvaluatorContractTest {
  @TempDir static Path dir;
  static EvaluationResult result;
  static JsonNode json;

  @BeforeAll
  static void run() throws Exception {
    Path csv = SyntheticCsv.write(dir, "synthetic.csv", SyntheticCsv.ROWS);
    result =
        Evaluator.run(
            Requests.seq2seq(csv, "naive,mean,ar,hiss,s4d,mamba,s5,lstm,transformer", 40, 5));
    json = new ObjectMapper().readTree(EvaluationJson.write(result));
  }

  @Test
  void dataCountsMatchTheFile() {
    JsonNode d = json.get("data");
    assertEquals("seq2seq", json.get("task").asText());
    assertEquals(SyntheticCsv.ROWS, d.get("rows").asLong());
    assertEquals(1, d.get("series").asInt());
    assertEquals(15, d.get("episodes").asInt()); // 3000 rows / 200
    assertEquals(9, d.get("train_episodes").asInt());
    assertEquals(3, d.get("validation_episodes").asInt());
    assertEquals(3, d.get("test_episodes").asInt());
    assertEquals(SyntheticCsv.MISSING_INPUT.length, d.get("missing").get("x").asInt());
    assertEquals(SyntheticCsv.MISSING_TARGET.length, d.get("missing").get("y").asInt());
    assertEquals(1, d.get("masked_target_steps").asInt()); // row 19 ends training chunk 1
    assertEquals(0, d.get("unused_rows").asInt());
  }

  @Test
  void everyModelHasFiniteMetricsAndTheRightCounts() {
    List<String> keys =
        List.of("mse", "rmse", "mae", "mase", "smape", "normalized_mse", "train_seconds", "params");
    JsonNode models = json.get("models");
    assertEquals(9, models.size());
    for (String name :
        List.of("naive", "mean", "ar", "hiss", "s4d", "mamba", "s5", "lstm", "transformer")) {
      JsonNode m = models.get(name);
      for (String k : keys) {
        assertTrue(m.get(k).isNumber(), name + "." + k + " = " + m.get(k));
        assertTrue(Double.isFinite(m.get(k).asDouble()), name + "." + k);
      }
      // 3 test episodes × 20 targets, minus the missing target at row 2809
      assertEquals(59, m.get("values").asInt(), name);
      assertEquals(0, m.get("unforecast").asInt(), name);
      assertEquals(3, m.get("episodes").asInt(), name);
      assertEquals(
          m.get("mse").asDouble(), Math.pow(m.get("rmse").asDouble(), 2), 1e-9, name + " rmse");
    }
    assertEquals(0, models.get("naive").get("params").asInt());
    assertTrue(models.get("hiss").get("params").asInt() > 100);
    assertFalse(json.get("budget").get("cut_short").asBoolean());
  }

  @Test
  void hissLearnsTheChunkFunctionAndBeatsPersistence() {
    double hiss = result.model("hiss").metrics().overall().normalized().mse();
    double naive = result.model("naive").metrics().overall().normalized().mse();
    double mean = result.model("mean").metrics().overall().normalized().mse();
    assertTrue(naive > 1.0, "persistence cannot predict a fresh level: " + naive);
    assertTrue(hiss < 0.5 * mean, "hiss " + hiss + " vs mean " + mean);
    assertTrue(hiss < 0.5 * naive, "hiss " + hiss + " vs naive " + naive);
  }

  @Test
  void bestEpochIsTheOneWithLowestValidationLoss() {
    for (String name : List.of("hiss", "s4d", "mamba", "s5", "lstm", "transformer")) {
      ModelResult m = result.model(name);
      assertEquals(40, m.epochsRun(), name);
      List<Double> v = m.validationLoss();
      int argmin = 0;
      for (int i = 1; i < v.size(); i++) {
        argmin = v.get(i) < v.get(argmin) ? i : argmin;
      }
      assertEquals(argmin + 1, m.bestEpoch(), name);
    }
  }

  @Test
  void reportIsSelfContainedHtmlWithPlots() {
    String html = HtmlReport.write(result);
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertTrue(html.contains("<table>"));
    // one actual-vs-predicted plot per model plus one training-curve plot per neural model
    assertEquals(9 + 6, html.split("<svg", -1).length - 1);
    assertFalse(html.contains("<script"));
    assertFalse(html.contains("src=\"http"));
  }
}
