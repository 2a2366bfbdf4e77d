package dev.hiss.forecasting.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No leakage from the test part, determinism, and the time budget. */
class EvaluatorTrainingTest {
  @TempDir Path dir;

  @Test
  void poisoningTheTestRowsDoesNotChangeTraining() throws Exception {
    Path clean = SyntheticCsv.write(dir, "clean.csv", SyntheticCsv.ROWS);
    // rows 2400.. are the 3 test episodes (split 0.6/0.2/0.2 of 15 episodes of 200 rows)
    Path poisoned = SyntheticCsv.write(dir, "poisoned.csv", 2400);
    EvaluationResult a = Evaluator.run(Requests.seq2seq(clean, "naive,ar,hiss,s4d", 4, 5));
    EvaluationResult b = Evaluator.run(Requests.seq2seq(poisoned, "naive,ar,hiss,s4d", 4, 5));
    assertArrayEquals(a.targetScale()[0], b.targetScale()[0]);
    assertArrayEquals(a.targetScale()[1], b.targetScale()[1]);
    for (String m : new String[] {"hiss", "s4d"}) {
      assertEquals(a.model(m).trainLoss(), b.model(m).trainLoss(), m);
      assertEquals(a.model(m).validationLoss(), b.model(m).validationLoss(), m);
      assertEquals(a.model(m).bestEpoch(), b.model(m).bestEpoch(), m);
    }
    // the poison did reach the test scores
    for (String m : new String[] {"naive", "ar", "hiss"}) {
      double ma = a.model(m).metrics().overall().original().mse();
      double mb = b.model(m).metrics().overall().original().mse();
      assertTrue(mb > 1000 * ma, m + ": " + ma + " vs " + mb);
    }
  }

  @Test
  void sameSeedSameResultOtherSeedOtherResult() throws Exception {
    Path csv = SyntheticCsv.write(dir, "s.csv", SyntheticCsv.ROWS);
    EvaluationResult a = Evaluator.run(Requests.seq2seq(csv, "ar,hiss,mamba", 3, 5, 7, 200));
    EvaluationResult b = Evaluator.run(Requests.seq2seq(csv, "ar,hiss,mamba", 3, 5, 7, 200));
    EvaluationResult c = Evaluator.run(Requests.seq2seq(csv, "ar,hiss,mamba", 3, 5, 8, 200));
    var mapper = new ObjectMapper();
    var ja = mapper.readTree(EvaluationJson.write(a));
    var jb = mapper.readTree(EvaluationJson.write(b));
    for (var node : new com.fasterxml.jackson.databind.JsonNode[] {ja, jb}) {
      node.get("models")
          .forEach(
              m -> ((com.fasterxml.jackson.databind.node.ObjectNode) m).remove("train_seconds"));
    }
    assertEquals(ja, jb);
    assertNotEquals(
        a.model("hiss").metrics().overall().original().mse(),
        c.model("hiss").metrics().overall().original().mse());
    assertEquals(
        a.model("ar").metrics().overall().original().mse(),
        c.model("ar").metrics().overall().original().mse());
  }

  @Test
  void aBudgetThatRunsOutIsReported() throws Exception {
    Path csv = SyntheticCsv.write(dir, "b.csv", SyntheticCsv.ROWS);
    // 1e-6 minutes = 60 µs: each model runs one step, then stops
    EvaluationResult cut = Evaluator.run(Requests.seq2seq(csv, "naive,hiss,s4d", 50, 1e-6));
    assertTrue(cut.budgetCut());
    for (String m : new String[] {"hiss", "s4d"}) {
      ModelResult r = cut.model(m);
      assertTrue(r.budgetCut(), m);
      assertTrue(r.epochsRun() < 50, m);
      assertEquals(r.epochsRun(), r.validationLoss().size(), m);
      assertTrue(Double.isFinite(r.metrics().overall().original().mse()), m);
    }
    assertFalse(cut.model("naive").budgetCut());
    var json = new ObjectMapper().readTree(EvaluationJson.write(cut));
    assertTrue(json.get("budget").get("cut_short").asBoolean());
    assertTrue(json.get("models").get("hiss").get("budget_cut").asBoolean());

    EvaluationResult full = Evaluator.run(Requests.seq2seq(csv, "hiss", 2, 5));
    assertFalse(full.budgetCut());
    assertEquals(2, full.model("hiss").epochsRun());
    assertFalse(
        new ObjectMapper()
            .readTree(EvaluationJson.write(full))
            .get("budget")
            .get("cut_short")
            .asBoolean());
  }
}
