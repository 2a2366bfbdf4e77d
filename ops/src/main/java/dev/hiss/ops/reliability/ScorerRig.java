package dev.hiss.ops.reliability;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.ingestion.Topics;
import dev.hiss.model.io.Provenance;
import dev.hiss.streaming.Scorer;
import dev.hiss.streaming.ScorerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The scorer side of the scenarios: a fixed AR model saved as a model file, the scorer as a {@code
 * ./hiss scorer} child JVM that can be SIGKILLed (static membership, so a restart takes its
 * partitions back at once), and an uninterrupted reference run of the same scorer in this JVM that
 * writes to {@link #REFERENCE_TOPIC}.
 */
public final class ScorerRig {
  /** Predictions topic of the uninterrupted reference run. */
  public static final String REFERENCE_TOPIC = "hiss.predictions.reference";

  /** Samples per prediction. */
  public static final int CHUNK = 12;

  /** Every topic the scorer scenarios use. */
  public static final List<String> TOPICS =
      List.of(
          Topics.SENSORS, Topics.PREDICTIONS, Topics.DEAD_LETTER, Topics.ALERTS, REFERENCE_TOPIC);

  private final String bootstrap;
  private final Path dir;
  private final LinearAutoregression model;
  private final Path modelFile;

  /**
   * Saves the model under {@code dir}.
   *
   * @param bootstrap the broker
   * @param dir working directory (model file, state directories, logs)
   */
  public ScorerRig(String bootstrap, Path dir) {
    this.bootstrap = bootstrap;
    this.dir = dir;
    double[] coef = new double[12];
    coef[0] = 0.9;
    coef[1] = 0.1;
    this.model = new LinearAutoregression("ecg_mV", 12, 6, 0.01, coef);
    this.modelFile = dir.resolve("ar.json");
    try {
      model.save(modelFile, new Provenance(Map.of(), 1, "", "", "reliability", "reliability", "-"));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save the model to " + modelFile, e);
    }
  }

  /** The model the scorer serves. */
  public LinearAutoregression model() {
    return model;
  }

  /** {@code ./hiss scorer} in a child JVM, writing to {@link Topics#PREDICTIONS}. */
  public ChildJvm startScorer() {
    return ChildJvm.start(
        "512m",
        dir.resolve("scorer.log"),
        List.of(
            "scorer",
            "--bootstrap-server",
            bootstrap,
            "--model",
            modelFile.toString(),
            "--chunk",
            Integer.toString(CHUNK),
            "--application-id",
            "reliability-scorer",
            "--instance-id",
            "scorer-0",
            "--state-dir",
            dir.resolve("scorer-state").toString()));
  }

  /**
   * Runs the same scorer uninterrupted in this JVM over everything in the sensors topic until
   * {@code expected} predictions are committed to {@link #REFERENCE_TOPIC}.
   *
   * @return {@code deviceId/seq} to the committed values of the reference run
   */
  public Map<String, List<Double>> referenceRun(long expected, Duration timeout) {
    ScorerConfig c =
        new ScorerConfig(
            bootstrap,
            "reliability-reference",
            Topics.SENSORS,
            REFERENCE_TOPIC,
            Topics.DEAD_LETTER,
            CHUNK,
            dir.resolve("reference-state"));
    try (CommittedPredictions ref = new CommittedPredictions(bootstrap, REFERENCE_TOPIC)) {
      Scorer scorer = Scorer.start(c, model, "reference");
      try {
        if (!ref.awaitAtLeast(expected, timeout, () -> {})) {
          throw new IllegalStateException(
              "Reference run: only " + ref.records() + " of " + expected + " in " + timeout);
        }
        ref.drainToEnd(Duration.ofSeconds(30));
      } finally {
        scorer.close();
      }
      return ref.values();
    }
  }
}
