package dev.hiss.forecasting.ecg;

import dev.hiss.model.hiss.HissConfig;
import dev.hiss.model.hiss.HissForecaster;
import dev.hiss.model.hiss.HissModel;
import dev.hiss.model.hiss.HissPreprocessing;
import dev.hiss.model.hiss.HissTrainer;
import dev.hiss.model.hiss.LevelConfig;
import dev.hiss.model.hiss.Parameter;
import dev.hiss.model.hiss.Seq2SeqData;
import dev.hiss.model.hiss.TrainConfig;
import java.util.List;

/**
 * The HiSS and flat models of the ECG → heart-rate comparison and their shared training protocol;
 * {@link #main} prints the comparison for several seeds (used for BENCHMARKS.md).
 */
final class EcgBaselines {

  /** Adam learning rate of both models. */
  static final double LR = 1e-2;

  private EcgBaselines() {}

  /** HiSS: LL S4D 16×1 on chunks of 10 samples, HL S4D 16×2 at 36 Hz (N 8, dropout 0.1). */
  static HissConfig hissConfig() {
    return HissConfig.twoLevel(
        2,
        1,
        LevelConfig.s4d(16, 1, 0.1).withStateSize(8),
        LevelConfig.s4d(16, 2, 0.1).withStateSize(8),
        EcgHeartRateTask.K);
  }

  /** Flat: S4D 24×2 at 360 Hz, prediction j = output at sample 10·j (similar parameter count). */
  static HissConfig flatConfig() {
    return HissConfig.flat(2, 1, LevelConfig.s4d(24, 2, 0.1).withStateSize(8), EcgHeartRateTask.K);
  }

  /**
   * A trained model with where its weights came from.
   *
   * @param forecaster the model with the best validation MSE, and its preprocessing
   * @param bestEpoch the epoch (0-based) whose weights were restored
   * @param lastEpochMse MSE of the last epoch's weights on the {@code report} data
   */
  record Trained(HissForecaster forecaster, int bestEpoch, double lastEpochMse) {}

  /**
   * Trains with Adam (lr {@link #LR}, batch 4) for {@code epochs} epochs and restores the epoch
   * with the lowest validation MSE (the HiSS protocol, with a separate validation split).
   */
  static HissForecaster train(
      HissConfig config,
      HissPreprocessing pre,
      Seq2SeqData rawTrain,
      Seq2SeqData rawVal,
      int epochs,
      long seed) {
    return train(config, pre, rawTrain, rawVal, rawVal, epochs, seed).forecaster();
  }

  /** As the other overload; also reports the last epoch's MSE on {@code report}. */
  static Trained train(
      HissConfig config,
      HissPreprocessing pre,
      Seq2SeqData rawTrain,
      Seq2SeqData rawVal,
      Seq2SeqData report,
      int epochs,
      long seed) {
    HissModel model = new HissModel(config, seed);
    HissTrainer trainer = new HissTrainer(model, new TrainConfig(LR, 0.9, 0.999, 1e-8, 4, 1, seed));
    Seq2SeqData train = pre.apply(rawTrain);
    Seq2SeqData val = pre.apply(rawVal);
    double best = Double.POSITIVE_INFINITY;
    int bestEpoch = -1;
    float[][] bestWeights = null;
    for (int e = 0; e < epochs; e++) {
      trainer.fit(train);
      double v = HissTrainer.evaluate(model, val);
      if (v < best) {
        best = v;
        bestEpoch = e;
        List<Parameter> ps = model.parameters();
        bestWeights = new float[ps.size()][];
        for (int i = 0; i < ps.size(); i++) {
          bestWeights[i] = ps.get(i).value().clone();
        }
      }
    }
    double last = HissTrainer.evaluate(model, pre.apply(report));
    for (int i = 0; i < bestWeights.length; i++) {
      float[] w = bestWeights[i];
      System.arraycopy(w, 0, model.parameters().get(i).value(), 0, w.length);
    }
    model.refresh();
    return new Trained(new HissForecaster(model, pre), bestEpoch, last);
  }

  /** MSE (normalized units) of always predicting the training-target mean on raw episodes. */
  static double trainingMeanMse(HissPreprocessing pre, Seq2SeqData raw) {
    float[] z = pre.normalizeTargets(raw.targets());
    double se = 0;
    int n = 0;
    for (int i = 0; i < z.length; i++) {
      if (raw.mask()[i]) {
        se += (double) z[i] * z[i];
        n++;
      }
    }
    return se / n;
  }

  /**
   * Prints held-out MSEs for the seeds given.
   *
   * @param args epochs, then seeds
   */
  public static void main(String[] args) {
    float[] ecg = EcgHeartRateTask.loadEcg();
    float[] hr =
        EcgHeartRateTask.heartRate(EcgHeartRateTask.detectRPeaks(ecg, 360), ecg.length, 360);
    Seq2SeqData train = EcgHeartRateTask.episodes(ecg, hr, 0, 20, 3600);
    Seq2SeqData val = EcgHeartRateTask.episodes(ecg, hr, 20, 5, 3600);
    Seq2SeqData test = EcgHeartRateTask.episodes(ecg, hr, 25, 5, 3600);
    HissPreprocessing pre = HissPreprocessing.fit(train, true, HissPreprocessing.DEFAULT_CLIP);
    int epochs = Integer.parseInt(args[0]);
    System.out.printf(
        "training-mean predictor: val %.4f test %.4f%n",
        trainingMeanMse(pre, val), trainingMeanMse(pre, test));
    for (int s = 1; s < args.length; s++) {
      long seed = Long.parseLong(args[s]);
      long t0 = System.nanoTime();
      Trained h = train(hissConfig(), pre, train, val, test, epochs, seed);
      long t1 = System.nanoTime();
      Trained f = train(flatConfig(), pre, train, val, test, epochs, seed);
      long t2 = System.nanoTime();
      double hm = h.forecaster().normalizedMse(test);
      double fm = f.forecaster().normalizedMse(test);
      System.out.printf(
          "seed %d epochs %d: HiSS (%d params, %.1f s) test %.4f (best val epoch %d; last epoch"
              + " %.4f); flat (%d params, %.1f s) test %.4f (best val epoch %d; last epoch %.4f);"
              + " HiSS/flat %.3f (last epochs %.3f); RMSE bpm HiSS %.2f flat %.2f%n",
          seed,
          epochs,
          h.forecaster().model().parameterCount(),
          (t1 - t0) / 1e9,
          hm,
          h.bestEpoch(),
          h.lastEpochMse(),
          f.forecaster().model().parameterCount(),
          (t2 - t1) / 1e9,
          fm,
          f.bestEpoch(),
          f.lastEpochMse(),
          hm / fm,
          h.lastEpochMse() / f.lastEpochMse(),
          Math.sqrt(hm) * pre.targetStd()[0],
          Math.sqrt(fm) * pre.targetStd()[0]);
    }
  }
}
