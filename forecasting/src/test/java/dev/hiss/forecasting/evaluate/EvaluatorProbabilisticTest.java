package dev.hiss.forecasting.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hiss.forecasting.data.SplitFractions;
import dev.hiss.model.hiss.OutputHead;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --head gaussian}: the neural models give Gaussian forecasts, scored with CRPS and 90 %
 * interval coverage in the JSON, with the interval band in the HTML plot; the baselines stay point
 * forecasts.
 */
class EvaluatorProbabilisticTest {
  @TempDir Path dir;

  private static final double NOISE = 0.3;

  /**
   * Chunks of 10 samples at a level a_j ~ U(−1, 1) (input x), target y = 2·a_j + 1 + 0.3·ε at each
   * row: the best forecast at a chunk's end is N(2·a_j + 1, 0.3²).
   */
  private Path noisyCsv() throws IOException {
    Random rnd = new Random(11);
    StringBuilder sb = new StringBuilder("t,x,y\n");
    double level = 0;
    for (int t = 0; t < 6000; t++) {
      if (t % 10 == 0) {
        level = 2 * rnd.nextDouble() - 1;
      }
      double y = 2 * level + 1 + NOISE * rnd.nextGaussian();
      sb.append(String.format(Locale.ROOT, "%d,%.6f,%.6f%n", t, level, y));
    }
    Path p = dir.resolve("noisy.csv");
    Files.writeString(p, sb.toString());
    return p;
  }

  private static EvaluateRequest request(Path csv, String models, OutputHead head) {
    return new EvaluateRequest(
        csv,
        "t",
        null,
        List.of("x"),
        List.of("y"),
        EvaluateRequest.Task.SEQ2SEQ,
        10,
        1,
        ModelKind.parseList(models),
        5,
        12,
        200,
        new SplitFractions(0.6, 0.2, 0.2),
        5,
        24,
        4,
        "tiny",
        0.01,
        4,
        head);
  }

  @Test
  void gaussianHeadGivesCrpsCoverageAndABand() throws Exception {
    Path csv = noisyCsv();
    EvaluationResult res = Evaluator.run(request(csv, "naive,hiss,s4d", OutputHead.GAUSSIAN));
    JsonNode json = new ObjectMapper().readTree(EvaluationJson.write(res));
    assertEquals("gaussian", json.get("head").asText());
    assertFalse(json.get("models").get("naive").has("crps"), "baselines stay point forecasts");
    // The expected CRPS of the ideal forecast N(μ, σ²) is E|X − Y| − ½E|X − X'| = 2σ/√π − σ/√π
    // = σ/√π = 0.1693 for σ = 0.3; the coverage of a calibrated model is 0.9. 540 test values:
    // allow the fit's error and sampling noise.
    double ideal = NOISE / Math.sqrt(Math.PI);
    for (String m : new String[] {"hiss", "s4d"}) {
      JsonNode node = json.get("models").get(m);
      double crps = node.get("crps").asDouble();
      double coverage = node.get("coverage_90").asDouble();
      System.out.printf(
          Locale.ROOT,
          "%s: crps %.4f (ideal %.4f), coverage %.3f, mse %.4f (ideal %.4f)%n",
          m,
          crps,
          ideal,
          coverage,
          node.get("mse").asDouble(),
          NOISE * NOISE);
      assertTrue(crps > 0.9 * ideal && crps < 1.25 * ideal, m + " crps " + crps);
      assertTrue(coverage > 0.8 && coverage < 0.97, m + " coverage " + coverage);
      assertTrue(node.get("channels").get("y").has("coverage_90"));
      assertTrue(node.get("description").asText().contains("gaussian head"));
      ModelResult r = res.model(m);
      assertTrue(r.probabilistic());
      for (int j = 0; j < r.samplePrediction().length; j++) {
        if (Double.isFinite(r.samplePrediction()[j])) {
          assertTrue(r.sampleLower()[j] < r.samplePrediction()[j], "band below the mean");
          assertTrue(r.sampleUpper()[j] > r.samplePrediction()[j], "band above the mean");
        }
      }
    }
    String html = HtmlReport.write(res);
    assertTrue(html.contains("<th>CRPS</th><th>90 % coverage</th>"));
    assertEquals(2, count(html, "fill-opacity"), "one band per probabilistic model");
    assertTrue(html.contains("90 % interval"));
  }

  @Test
  void pointHeadHasNoProbabilisticFields() throws Exception {
    Path csv = SyntheticCsv.write(dir, "p.csv", SyntheticCsv.ROWS);
    EvaluationResult res = Evaluator.run(Requests.seq2seq(csv, "naive,hiss", 1, 5));
    assertEquals(OutputHead.POINT, res.request().head());
    String json = EvaluationJson.write(res);
    assertFalse(json.contains("crps"), json);
    assertFalse(json.contains("coverage_90"));
    assertFalse(HtmlReport.write(res).contains("fill-opacity"));
    assertThrows(
        BadRequestException.class,
        () -> request(csv, "hiss", null),
        "a null head is a bad request");
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
