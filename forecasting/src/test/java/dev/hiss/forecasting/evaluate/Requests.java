package dev.hiss.forecasting.evaluate;

import dev.hiss.forecasting.data.SplitFractions;
import java.nio.file.Path;
import java.util.List;

/**
 * Request builders for the tests: seq2seq x → y, chunk 10, episodes of 200 rows, split 60/20/20.
 */
final class Requests {
  private Requests() {}

  static EvaluateRequest seq2seq(Path csv, String models, int epochs, double budgetMinutes) {
    return seq2seq(csv, models, epochs, budgetMinutes, 5, 200);
  }

  static EvaluateRequest seq2seq(
      Path csv, String models, int epochs, double budgetMinutes, long seed, int episodeLength) {
    return new EvaluateRequest(
        csv,
        "t",
        null,
        List.of("x"),
        List.of("y"),
        EvaluateRequest.Task.SEQ2SEQ,
        SyntheticCsv.CHUNK,
        1,
        ModelKind.parseList(models),
        seed,
        epochs,
        episodeLength,
        new SplitFractions(0.6, 0.2, 0.2),
        budgetMinutes,
        24,
        4,
        "tiny",
        0.003,
        4);
  }
}
