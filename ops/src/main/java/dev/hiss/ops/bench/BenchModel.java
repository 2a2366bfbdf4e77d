package dev.hiss.ops.bench;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.ingestion.replay.Recording;
import dev.hiss.model.hiss.HissForecaster;
import dev.hiss.model.hiss.HissModel;
import dev.hiss.model.hiss.HissModelFile;
import dev.hiss.model.hiss.HissPreprocessing;
import dev.hiss.model.hiss.HissPresets;
import dev.hiss.model.io.Provenance;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * The model a scorer benchmark serves, written to a model file and loaded by the scorer as in
 * production ({@code ./hiss scorer --model FILE}).
 *
 * <ul>
 *   <li>{@code ar}: linear autoregression of order {@value #AR_ORDER} on the ECG channel (the naive
 *       forecast as coefficients), one prediction per {@value #AR_CHUNK} samples;
 *   <li>{@code hiss}: a HiSS model of preset {@value #HISS_PRESET} (input and target = the ECG
 *       channel, untrained weights of seed 1: speed does not depend on the weights), with the
 *       standardisation {@code TrainHissJob} stores (mean and standard deviation of the recording),
 *       one chunk forecast per {@code k} samples ({@code k} = the preset's total chunk, 10). The
 *       scorer keeps each device's step-model state in its state store.
 * </ul>
 *
 * @param kind which model
 * @param file the model file
 * @param samplesPerPrediction a device's samples per prediction
 * @param description one line for the benchmark's output
 */
public record BenchModel(Kind kind, Path file, int samplesPerPrediction, String description) {
  /** Order of the autoregression. */
  static final int AR_ORDER = 16;

  /** Samples per autoregression prediction (the scorer's chunk size). */
  static final int AR_CHUNK = 36;

  /** HiSS preset served. */
  static final String HISS_PRESET = "tiny";

  /** The model kinds. */
  public enum Kind {
    ar,
    hiss
  }

  /** Writes the model of {@code kind} for {@code recording} into {@code dir}. */
  static BenchModel write(Kind kind, Recording recording, Path dir) throws IOException {
    String ch = recording.channel();
    Provenance p =
        new Provenance(
            Map.of("inputChannels", ch, "targetChannel", ch, "benchmark", "scorer"),
            1,
            "",
            "",
            "./hiss bench scorer",
            Provenance.currentCodeVersion(),
            Instant.now().toString());
    if (kind == Kind.ar) {
      double[] c = new double[AR_ORDER];
      c[0] = 1;
      Path file = dir.resolve("ar.json");
      new LinearAutoregression(ch, AR_ORDER, 18, 0, c).save(file, p);
      return new BenchModel(
          kind,
          file,
          AR_CHUNK,
          "AR order " + AR_ORDER + ", one prediction per " + AR_CHUNK + " samples");
    }
    HissModel model = new HissModel(HissPresets.preset(HISS_PRESET, 1, 1), 1);
    double mean = 0;
    for (double v : recording.values()) {
      mean += v;
    }
    mean /= recording.length();
    double var = 0;
    for (double v : recording.values()) {
      var += (v - mean) * (v - mean);
    }
    float std = (float) Math.max(Math.sqrt(var / recording.length()), HissPreprocessing.MIN_STD);
    HissPreprocessing pre =
        new HissPreprocessing(
            1,
            false,
            Double.POSITIVE_INFINITY,
            new float[] {(float) mean},
            new float[] {std},
            new float[] {(float) mean},
            new float[] {std});
    Path file = dir.resolve("hiss.json");
    HissModelFile.save(file, new HissForecaster(model, pre), p);
    int k = model.config().totalChunk();
    return new BenchModel(
        kind,
        file,
        k,
        String.format(
            "HiSS preset %s (%,d parameters, untrained), one chunk forecast per %d samples",
            HISS_PRESET, model.parameterCount(), k));
  }

  /** Predictions the scorer emits for a device that sent {@code samples} samples from seq 0. */
  long predictions(long samples) {
    return predictions(kind, samplesPerPrediction, samples);
  }

  /**
   * Predictions for {@code samples} samples: HiSS forecasts at every {@code k}-th sample; the
   * autoregression at every chunk end once it has {@value #AR_ORDER} samples.
   */
  static long predictions(Kind kind, int perPrediction, long samples) {
    long chunks = samples / perPrediction;
    if (kind == Kind.hiss) {
      return chunks;
    }
    long firstChunk = (AR_ORDER + perPrediction - 1) / perPrediction; // first end >= order
    return Math.max(0, chunks - firstChunk + 1);
  }
}
