package dev.hiss.forecasting.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hiss.forecasting.data.SplitFractions;
import dev.hiss.model.hiss.OutputHead;
import dev.hiss.model.hiss.QuantileLevels;
import dev.hiss.model.hiss.TrainingLoss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --head quantile}: the neural models give non-crossing quantiles trained with the pinball
 * loss, scored with pinball, per-level coverage and CRPS approximated from the quantiles, with the
 * outer quantiles as the band; and the head/loss/levels combinations are validated.
 */
class EvaluatorQuantileTest {
  @TempDir Path dir;

  private static final double NOISE = 0.3;

  /** Chunks of 10 rows at a level a_j ~ U(−1, 1) (input x), y = 2·a_j + 1 + 0.3·ε per row. */
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

  private static EvaluateRequest request(
      Path csv, String models, OutputHead head, QuantileLevels q, TrainingLoss loss) {
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
        head,
        q,
        loss,
        List.of(),
        List.of(),
        0);
  }

  @Test
  void quantileHeadGivesPinballCoveragePerLevelAndABand() throws Exception {
    Path csv = noisyCsv();
    QuantileLevels levels = QuantileLevels.parse("0.1,0.5,0.9");
    EvaluationResult res =
        Evaluator.run(request(csv, "naive,hiss,s4d", OutputHead.QUANTILE, levels, null));
    JsonNode json = new ObjectMapper().readTree(EvaluationJson.write(res));
    assertEquals("quantile", json.get("head").asText());
    assertEquals("pinball", json.get("loss").asText());
    assertEquals(3, json.get("quantiles").size());
    assertFalse(json.get("models").get("naive").has("pinball"), "baselines stay point forecasts");
    // the mean pinball of the ideal quantiles μ + 0.3·Φ⁻¹(τ), by Monte Carlo
    double z = 1.2815515655446004;
    double ideal = idealPinball(z);
    for (String m : new String[] {"hiss", "s4d"}) {
      JsonNode node = json.get("models").get(m);
      double pinball = node.get("pinball").asDouble();
      JsonNode cov = node.get("coverage");
      System.out.printf(
          Locale.ROOT,
          "%s: pinball %.4f (ideal %.4f), coverage %s, crps %.4f%n",
          m,
          pinball,
          ideal,
          cov,
          node.get("crps").asDouble());
      assertTrue(pinball > 0.95 * ideal && pinball < 1.3 * ideal, m + " pinball " + pinball);
      // 120 test values: ±0.08 is about 3 binomial standard deviations at 0.1 and 0.9; a loss
      // that ignores the level puts every coverage near 0.5
      assertEquals(0.1, cov.get("0.1").asDouble(), 0.08, m + " coverage 0.1");
      assertEquals(0.5, cov.get("0.5").asDouble(), 0.12, m + " coverage 0.5");
      assertEquals(0.9, cov.get("0.9").asDouble(), 0.08, m + " coverage 0.9");
      assertEquals("quantiles", node.get("crps_method").asText());
      assertFalse(node.has("coverage_90"), "no Gaussian interval for a quantile model");
      assertTrue(node.get("channels").get("y").has("pinball"));
      assertTrue(node.get("description").asText().contains("quantile head 0.1,0.5,0.9"));
      ModelResult r = res.model(m);
      assertTrue(r.quantile() && r.probabilistic());
      for (int j = 0; j < r.samplePrediction().length; j++) {
        if (Double.isFinite(r.samplePrediction()[j])) {
          assertTrue(r.sampleLower()[j] < r.samplePrediction()[j], "q0.1 below the median");
          assertTrue(r.sampleUpper()[j] > r.samplePrediction()[j], "q0.9 above the median");
        }
      }
    }
    String html = HtmlReport.write(res);
    assertTrue(html.contains("<th>pinball</th><th>coverage per level</th>"));
    assertEquals(2, count(html, "fill-opacity"), "one band per quantile model");
    assertTrue(html.contains("quantiles 0.1–0.9"));
  }

  /** Mean over τ ∈ {0.1, 0.5, 0.9} of E ρ_τ(Y − q_τ) for Y ~ N(0, σ²) and the exact q_τ. */
  private static double idealPinball(double z90) {
    Random rnd = new Random(1);
    double sum = 0;
    int n = 400_000;
    double[] tau = {0.1, 0.5, 0.9};
    double[] q = {-z90 * NOISE, 0, z90 * NOISE};
    for (int i = 0; i < n; i++) {
      double y = NOISE * rnd.nextGaussian();
      for (int j = 0; j < 3; j++) {
        double e = y - q[j];
        sum += e >= 0 ? tau[j] * e : (tau[j] - 1) * e;
      }
    }
    return sum / (3.0 * n);
  }

  @Test
  void headLossAndLevelsAreValidated() {
    Path csv = dir.resolve("none.csv");
    BadRequestException e =
        assertThrows(
            BadRequestException.class,
            () -> request(csv, "hiss", OutputHead.POINT, null, TrainingLoss.GAUSSIAN_CRPS));
    assertEquals(
        "Invalid --loss = gaussian_crps for --head point; it trains with mse", e.getMessage());
    e =
        assertThrows(
            BadRequestException.class,
            () -> request(csv, "hiss", OutputHead.GAUSSIAN, QuantileLevels.DEFAULT, null));
    assertEquals(
        "Invalid --quantiles = 0.1,0.5,0.9: only --head quantile has levels", e.getMessage());
    e =
        assertThrows(
            BadRequestException.class,
            () -> request(csv, "hiss", OutputHead.QUANTILE, null, TrainingLoss.GAUSSIAN_NLL));
    assertEquals(
        "Invalid --loss = gaussian_nll for --head quantile; it trains with pinball",
        e.getMessage());
    EvaluateRequest ok = request(csv, "hiss", OutputHead.QUANTILE, null, null);
    assertEquals(QuantileLevels.DEFAULT, ok.quantiles());
    assertEquals(TrainingLoss.PINBALL, ok.loss());
    assertEquals(
        TrainingLoss.GAUSSIAN_CRPS,
        request(csv, "hiss", OutputHead.GAUSSIAN, null, TrainingLoss.GAUSSIAN_CRPS).loss());
  }

  private static int count(String s, String sub) {
    int n = 0;
    for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
      n++;
    }
    return n;
  }
}
