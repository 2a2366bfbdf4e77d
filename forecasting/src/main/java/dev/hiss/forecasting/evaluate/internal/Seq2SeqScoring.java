package dev.hiss.forecasting.evaluate.internal;

import dev.hiss.forecasting.data.SeriesTable;
import dev.hiss.forecasting.evaluate.DataSummary;
import dev.hiss.forecasting.evaluate.EvaluateRequest;
import dev.hiss.forecasting.evaluate.EvaluationResult;
import dev.hiss.forecasting.evaluate.Evaluator;
import dev.hiss.forecasting.evaluate.ModelKind;
import dev.hiss.forecasting.evaluate.ModelResult;
import dev.hiss.forecasting.metric.ForecastErrors;
import dev.hiss.forecasting.task.Seq2SeqSample;
import dev.hiss.model.hiss.Seq2SeqData;
import dev.hiss.model.hiss.TrainConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The seq2seq evaluation: baselines on the low-rate target history, neural models trained on the
 * training episodes with best-epoch selection on the validation episodes, all scored on the test
 * episodes. The time budget is shared among the neural models still to train: each gets an equal
 * part of what is left. With a GAUSSIAN head the neural models are trained on the Gaussian NLL
 * (best epoch by validation NLL) and scored by their means (point metrics), CRPS and interval
 * coverage.
 */
public final class Seq2SeqScoring {
  private Seq2SeqScoring() {}

  /** Runs the seq2seq part of {@link Evaluator#run}. */
  public static EvaluationResult run(
      EvaluateRequest r, SeriesTable table, Map<String, Long> missing, long deadline) {
    Seq2SeqPrep prep = new Seq2SeqPrep(table, r.chunk(), r.episodeLength(), r.split());
    Map<String, double[]> scales = BaselineScoring.maseScales(prep);
    Seq2SeqSample first = prep.test().get(0);
    double[] sampleActual = first.target().columnValues(0);
    Seq2SeqData trainData = r.hasNeuralModel() ? prep.data(prep.train()) : null;
    Seq2SeqData valData = r.hasNeuralModel() ? prep.data(prep.validation()) : null;
    Seq2SeqData testData = r.hasNeuralModel() ? prep.data(prep.test()) : null;
    DtFromTime dt = r.dtFromTime() ? new DtFromTime(table, prep.train()) : null;
    Seq2SeqData[] withDt =
        dt == null || !r.hasNeuralModel()
            ? null
            : new Seq2SeqData[] {
              dt.append(trainData, prep.train()),
              dt.append(valData, prep.validation()),
              dt.append(testData, prep.test())
            };
    int neuralLeft = (int) r.models().stream().filter(ModelKind::neural).count();
    boolean anyCut = false;
    List<ModelResult> results = new ArrayList<>();
    for (ModelKind m : r.models()) {
      long t0 = System.nanoTime();
      ForecastErrors errors = new ForecastErrors(r.targets(), prep.targetNorm().std());
      double[] sample = Evaluator.nanArray(sampleActual.length);
      if (!m.neural()) {
        var f = BaselineScoring.forecaster(m, r.period(), r.arOrder());
        BaselineScoring.scoreSeq2Seq(f, prep, scales, errors, sample);
        results.add(
            new ModelResult(
                m.cliName(),
                f.name() + " on past low-rate targets",
                errors.report(),
                (System.nanoTime() - t0) / 1e9,
                BaselineScoring.params(m, r.targets().size(), 1, r.arOrder()),
                0,
                0,
                false,
                List.of(),
                List.of(),
                sample));
        continue;
      }
      long modelDeadline = t0 + Math.max(0, deadline - t0) / neuralLeft--;
      TrainConfig tc =
          new TrainConfig(r.learningRate(), 0.9, 0.999, 1e-8, r.batchSize(), r.epochs(), r.seed());
      NeuralNet net =
          Nets.create(
              m,
              r.hissPreset(),
              r.inputs().size(),
              r.targets().size(),
              r.chunk(),
              r.seed(),
              tc,
              r.head(),
              r.quantiles(),
              r.loss(),
              dt != null);
      boolean d = net.usesDt();
      NeuralTraining.Record rec =
          NeuralTraining.train(
              net,
              d ? withDt[0] : trainData,
              d ? withDt[1] : valData,
              r.epochs(),
              r.batchSize(),
              r.seed(),
              modelDeadline);
      double seconds = (System.nanoTime() - t0) / 1e9;
      anyCut |= rec.budgetCut();
      double[] lower = Evaluator.nanArray(sampleActual.length);
      double[] upper = Evaluator.nanArray(sampleActual.length);
      scoreNeural(net, prep, d ? withDt[2] : testData, scales, errors, sample, lower, upper);
      results.add(
          new ModelResult(
              m.cliName(),
              net.description(),
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
              upper));
    }
    DataSummary data =
        new DataSummary(
            table.rows(),
            table.series().size(),
            prep.train().size() + prep.validation().size() + prep.test().size(),
            prep.train().size(),
            prep.validation().size(),
            prep.test().size(),
            missing,
            Seq2SeqPrep.maskedSteps(prep.train()),
            prep.unusedRows(),
            prep.skipped());
    return new EvaluationResult(
        r,
        data,
        results,
        anyCut,
        new double[][] {prep.targetNorm().mean(), prep.targetNorm().std()},
        first.series(),
        sampleActual);
  }

  private static void scoreNeural(
      NeuralNet net,
      Seq2SeqPrep prep,
      Seq2SeqData test,
      Map<String, double[]> scales,
      ForecastErrors errors,
      double[] sample,
      double[] lower,
      double[] upper) {
    int lout = test.outputLength();
    HeadOutputs out = new HeadOutputs(net, net.predict(test), test.outputDim());
    for (int e = 0; e < test.count(); e++) {
      HeadOutputs.Episode ep = out.episode(e * lout, lout, prep.targetNorm());
      Seq2SeqSample s = prep.test().get(e);
      ep.score(
          errors, s.series(), scales.get(s.series()), s.target().values(), s.target().present());
      for (int j = 0; e == 0 && j < lout; j++) {
        ep.sample(j, j, sample, lower, upper);
      }
    }
  }
}
