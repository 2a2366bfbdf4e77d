package dev.hiss.forecasting.evaluate.internal;

import dev.hiss.forecasting.data.MaskedArray;
import dev.hiss.forecasting.evaluate.EvaluateRequest;
import dev.hiss.forecasting.evaluate.Evaluator;
import dev.hiss.forecasting.evaluate.ModelKind;
import dev.hiss.forecasting.evaluate.ModelResult;
import dev.hiss.forecasting.evaluate.internal.ForecastWindows.Window;
import dev.hiss.forecasting.metric.ForecastErrors;
import dev.hiss.model.hiss.Seq2SeqData;
import dev.hiss.model.hiss.TrainConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The neural models on the forecast task: direct multi-horizon forecasts from history windows
 * ({@link ForecastWindows}). A net reads the last L target rows (its inputs, C channels) and emits
 * all h·C future values at once after the last history row: HiSS with the request's chunk k (its
 * last chunk ends at the origin), the flat nets with k = 1 (their output at the last input index).
 * Trained on the training windows with the best epoch chosen on the validation windows, scored on
 * the baselines' test windows with the same errors, MASE scales and sample plot. With known-ahead
 * covariates the inputs also carry the covariates of the h forecast rows ({@link ForecastWindows}).
 */
public final class ForecastNeural {
  private final EvaluateRequest request;
  private final ForecastPrep prep;
  private final ForecastWindows windows;
  private final Map<Integer, Seq2SeqData[]> data = new HashMap<>();

  /**
   * Lays out the windows; see {@link ForecastWindows#ForecastWindows}.
   *
   * @param covariates the known-ahead covariates, or null for none
   */
  public ForecastNeural(EvaluateRequest request, ForecastPrep prep, ForecastCovariates covariates) {
    this.request = request;
    this.prep = prep;
    this.windows = new ForecastWindows(prep, request.episodeLength(), covariates);
  }

  public ForecastWindows windows() {
    return windows;
  }

  /** The chunk k a model kind reads at: the request's for HiSS, 1 for the flat nets. */
  public int chunkOf(ModelKind m) {
    return m == ModelKind.HISS ? request.chunk() : 1;
  }

  /** Training, validation and test data for nets of chunk k, built once per k. */
  private Seq2SeqData[] data(int k) {
    return data.computeIfAbsent(
        k,
        key ->
            new Seq2SeqData[] {
              windows.data(windows.train(), key),
              windows.data(windows.validation(), key),
              windows.data(windows.test(), key)
            });
  }

  /**
   * Trains and scores one neural model.
   *
   * @param deadline {@link System#nanoTime()} after which no new training step starts
   * @param sampleLength length of the first series' test plot
   */
  public ModelResult run(ModelKind m, long deadline, int sampleLength) {
    long t0 = System.nanoTime();
    int k = chunkOf(m);
    Seq2SeqData[] d = data(k);
    EvaluateRequest r = request;
    int cs = prep.targetNorm().channels();
    int h = prep.horizon();
    TrainConfig tc =
        new TrainConfig(r.learningRate(), 0.9, 0.999, 1e-8, r.batchSize(), r.epochs(), r.seed());
    NeuralNet net =
        Nets.create(
            m,
            r.hissPreset(),
            windows.inputDim(),
            h * cs,
            k,
            r.seed(),
            tc,
            r.head(),
            r.quantiles(),
            r.loss());
    NeuralTraining.Record rec =
        NeuralTraining.train(net, d[0], d[1], r.epochs(), r.batchSize(), r.seed(), deadline);
    double seconds = (System.nanoTime() - t0) / 1e9;
    ForecastErrors errors = new ForecastErrors(r.targets(), prep.targetNorm().std());
    double[] sample = Evaluator.nanArray(sampleLength);
    double[] lower = Evaluator.nanArray(sampleLength);
    double[] upper = Evaluator.nanArray(sampleLength);
    score(net, d[2], errors, sample, lower, upper);
    return new ModelResult(
        m.cliName(),
        net.description() + ", direct h=" + h + " from L=" + windows.length() + " history rows",
        errors.report(),
        seconds,
        net.params(),
        rec.epochsRun(),
        rec.bestEpoch(),
        rec.budgetCut(),
        rec.trainLoss(),
        rec.validationLoss(),
        sample,
        lower,
        upper);
  }

  private void score(
      NeuralNet net,
      Seq2SeqData test,
      ForecastErrors errors,
      double[] sample,
      double[] lower,
      double[] upper) {
    int h = prep.horizon();
    int lout = test.outputLength();
    HeadOutputs out = new HeadOutputs(net, net.predict(test), test.outputDim());
    List<Window> ws = windows.test();
    Map<Integer, double[]> scales = new HashMap<>();
    int sampled = 0;
    for (int e = 0; e < ws.size(); e++) {
      Window w = ws.get(e);
      HeadOutputs.Episode ep = out.episode(e * lout + lout - 1, 1, prep.targetNorm());
      String id = prep.series().get(w.series()).id();
      double[] scale = scales.computeIfAbsent(w.series(), prep::maseScale);
      MaskedArray truth =
          prep.series().get(w.series()).targets().slice(w.origin() + 1, w.origin() + 1 + h);
      ep.score(errors, id, scale, truth.values(), truth.present());
      for (int r = 0; w.series() == 0 && r < h && sampled < sample.length; r++, sampled++) {
        ep.sample(r, sampled, sample, lower, upper);
      }
    }
  }
}
