package dev.hiss.forecasting.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.forecasting.data.SplitFractions;
import dev.hiss.model.hiss.OutputHead;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The neural models on {@code --task forecast}: direct multi-horizon forecasts from history
 * windows, trained without the test part, scored on the baselines' test windows.
 */
class EvaluatorForecastNeuralTest {
  @TempDir Path dir;

  /**
   * Two series of 1000 rows: a period-24 wave whose amplitude drifts slowly, plus noise (sd 0.05);
   * rows at or after {@code poisonFrom} are 1e6.
   */
  private Path csv(String name, int poisonFrom) throws Exception {
    Random rnd = new Random(3);
    StringBuilder sb = new StringBuilder("s,v\n");
    for (String s : new String[] {"a", "b"}) {
      for (int t = 0; t < 1000; t++) {
        double amp = 1 + 0.5 * Math.sin(2 * Math.PI * t / 400.0 + (s.equals("b") ? 1 : 0));
        double v = amp * Math.sin(2 * Math.PI * t / 24) + 0.05 * rnd.nextGaussian();
        v = t >= poisonFrom ? 1e6 : v;
        sb.append(s).append(',').append(String.format(Locale.ROOT, "%.6f", v)).append('\n');
      }
    }
    Path p = dir.resolve(name);
    Files.writeString(p, sb.toString());
    return p;
  }

  private static EvaluateRequest request(
      Path csv, String models, int epochs, int chunk, int length, OutputHead head) {
    return new EvaluateRequest(
        csv,
        null,
        "s",
        List.of(),
        List.of("v"),
        EvaluateRequest.Task.FORECAST,
        chunk,
        6,
        ModelKind.parseList(models),
        5,
        epochs,
        length,
        new SplitFractions(0.6, 0.2, 0.2),
        5,
        24,
        4,
        "tiny",
        0.01,
        8,
        head);
  }

  @Test
  void neuralModelsLearnAPeriodicSeriesOnTheBaselinesTestWindows() throws Exception {
    EvaluationResult r =
        Evaluator.run(
            request(csv("w.csv", 1000), "hiss,s4d,lstm,mean", 12, 4, 48, OutputHead.POINT));
    // test part: rows 800..999 of each series = 33 windows of h = 6
    assertEquals(66, r.data().testEpisodes());
    double mean = r.model("mean").metrics().overall().normalized().mse();
    assertTrue(mean > 0.5, "mean forecast " + mean);
    for (String m : new String[] {"hiss", "s4d", "lstm"}) {
      ModelResult res = r.model(m);
      assertEquals(66 * 6, res.metrics().overall().values(), m);
      double nm = res.metrics().overall().normalized().mse();
      System.out.printf(Locale.ROOT, "forecast %s: normalized MSE %.4f (mean %.4f)%n", m, nm, mean);
      assertTrue(nm < 0.3 * mean, m + ": " + nm + " vs mean " + mean);
      assertTrue(res.bestEpoch() >= 1 && res.epochsRun() == 12, m);
      assertTrue(res.description().contains("direct h=6 from L=48"), res.description());
      assertTrue(Double.isFinite(res.samplePrediction()[0]), m);
    }
    assertTrue(r.model("hiss").description().contains("k=4"), r.model("hiss").description());
  }

  @Test
  void theTestPartNeverReachesTrainingOrEpochSelection() throws Exception {
    Path clean = csv("clean.csv", 1000);
    Path poisoned = csv("poisoned.csv", 800); // rows 800.. are each series' test part
    EvaluationResult a = Evaluator.run(request(clean, "hiss,s4d,ar", 3, 4, 48, OutputHead.POINT));
    EvaluationResult b =
        Evaluator.run(request(poisoned, "hiss,s4d,ar", 3, 4, 48, OutputHead.POINT));
    for (String m : new String[] {"hiss", "s4d"}) {
      assertEquals(a.model(m).trainLoss(), b.model(m).trainLoss(), m);
      assertEquals(a.model(m).validationLoss(), b.model(m).validationLoss(), m);
      assertEquals(a.model(m).bestEpoch(), b.model(m).bestEpoch(), m);
    }
    for (String m : new String[] {"hiss", "s4d", "ar"}) {
      double ma = a.model(m).metrics().overall().original().mse();
      double mb = b.model(m).metrics().overall().original().mse();
      assertTrue(mb > 1000 * ma, m + ": the poison is scored, " + ma + " vs " + mb);
    }
  }

  @Test
  void aGaussianHeadGivesIntervalsOnTheForecastTask() throws Exception {
    EvaluationResult r =
        Evaluator.run(request(csv("g.csv", 1000), "s4d,naive", 4, 4, 48, OutputHead.GAUSSIAN));
    ModelResult s4d = r.model("s4d");
    assertTrue(s4d.probabilistic());
    double crps = s4d.metrics().overall().original().crps();
    double mae = s4d.metrics().overall().original().mae();
    assertTrue(crps > 0 && crps <= mae, "CRPS " + crps + " is at most the mean's MAE " + mae);
    assertTrue(s4d.metrics().overall().intervalCoverage() > 0.3);
    assertTrue(!r.model("naive").probabilistic());
  }

  @Test
  void badHistoryLengthsAreClearErrors() throws Exception {
    Path p = csv("e.csv", 1000);
    BadRequestException chunk =
        assertThrows(
            BadRequestException.class, () -> request(p, "hiss,naive", 1, 5, 48, OutputHead.POINT));
    assertEquals(
        "Invalid --chunk = 5: it does not divide --episode-length = 48 (the history rows of the"
            + " neural forecast models)",
        chunk.getMessage());
    // baselines alone keep any history length
    request(p, "naive", 1, 5, 48, OutputHead.POINT);
    BadRequestException tooLong =
        assertThrows(
            BadRequestException.class,
            () -> Evaluator.run(request(p, "lstm", 1, 4, 800, OutputHead.POINT)));
    assertTrue(
        tooLong.getMessage().startsWith("Invalid --episode-length = 800 with --horizon = 6"),
        tooLong.getMessage());
  }
}
