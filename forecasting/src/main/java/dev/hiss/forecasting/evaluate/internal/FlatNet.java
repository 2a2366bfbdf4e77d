package dev.hiss.forecasting.evaluate.internal;

import dev.hiss.model.hiss.Adam;
import dev.hiss.model.hiss.LevelConfig;
import dev.hiss.model.hiss.OutputHead;
import dev.hiss.model.hiss.Parameter;
import dev.hiss.model.hiss.QuantileLevels;
import dev.hiss.model.hiss.Seq2SeqData;
import dev.hiss.model.hiss.TrainConfig;
import dev.hiss.model.hiss.TrainingLoss;
import dev.hiss.model.hiss.internal.DtScales;
import dev.hiss.model.hiss.internal.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A flat baseline: one HiSS level (S4, S4D, S5, Mamba, LSTM or Transformer blocks) run over the
 * whole full-rate input with persistent state, i.e. Linear(D_in → H) → residual blocks → [final
 * LayerNorm for Mamba and Transformer] → Linear(H → D_out), the paper's {@code S4Model}/{@code
 * MambaModel}. Its prediction j is its output at input index k·j (the paper's {@code
 * LowFreqPredictor}, {@code pred[:, ::k]}; HISS-MATH §1.1 point 5). The last Linear has
 * D_out·{@code head.outputsPerTarget(quantiles)} outputs. Trained with Adam on the head's loss
 * (masked MSE, masked Gaussian NLL or CRPS, masked pinball) of those outputs, dropout from a seeded
 * generator. With Δt the inputs carry a Δt-scale channel after the D_in features, which scales the
 * kernels' step size per sample.
 */
final class FlatNet implements NeuralNet {
  private final Level level;
  private final int chunk;
  private final int outputDim;
  private final OutputHead head;
  private final QuantileLevels quantiles;
  private final TrainingLoss loss;
  private final int headWidth;
  private final List<Parameter> parameters;
  private final Adam adam;
  private final SplittableRandom dropout;
  private final String description;
  private final boolean dt;
  private final int inputDim;

  FlatNet(
      LevelConfig config,
      int inputDim,
      int outputDim,
      int chunk,
      OutputHead head,
      QuantileLevels quantiles,
      TrainingLoss loss,
      String description,
      long seed,
      TrainConfig train,
      boolean dt) {
    this.dt = dt;
    this.inputDim = inputDim;
    this.head = head;
    this.quantiles = quantiles;
    this.loss = loss;
    this.headWidth = outputDim * head.outputsPerTarget(quantiles);
    this.level = new Level(config, inputDim, headWidth, true, new SplittableRandom(seed));
    this.chunk = chunk;
    this.outputDim = outputDim;
    List<Parameter> ps = new ArrayList<>();
    level.parameters("flat", ps);
    this.parameters = Collections.unmodifiableList(ps);
    this.adam = new Adam(parameters, train.lr(), train.beta1(), train.beta2(), train.eps());
    this.dropout = new SplittableRandom(train.seed());
    this.description = description;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public List<Parameter> parameters() {
    return parameters;
  }

  @Override
  public void refresh() {
    level.refresh();
  }

  @Override
  public OutputHead head() {
    return head;
  }

  @Override
  public boolean usesDt() {
    return dt;
  }

  @Override
  public QuantileLevels quantiles() {
    return quantiles;
  }

  @Override
  public TrainingLoss trainingLoss() {
    return loss;
  }

  @Override
  public double step(Seq2SeqData b) {
    parameters.forEach(p -> Arrays.fill(p.grad(), 0f));
    int len = b.inputLength();
    float[] full = forward(b.inputs(), b.count(), len, dropout);
    float[] pred = gather(full, b.count(), len);
    float[] grad = new float[pred.length];
    double value = loss.loss(pred, b.targets(), b.mask(), outputDim, quantiles, grad);
    float[] dFull = new float[full.length];
    int lout = len / chunk;
    for (int e = 0; e < b.count(); e++) {
      for (int j = 0; j < lout; j++) {
        System.arraycopy(
            grad, (e * lout + j) * headWidth, dFull, (e * len + j * chunk) * headWidth, headWidth);
      }
    }
    level.backward(dFull);
    adam.step();
    return value;
  }

  @Override
  public float[] predictBatch(float[] x, int n, int inputLength) {
    return gather(forward(x, n, inputLength, null), n, inputLength);
  }

  /** The level over [n, L, D_in (+1 Δt)]: [n, L, H]. */
  private float[] forward(float[] x, int n, int len, SplittableRandom rnd) {
    if (!dt) {
      return level.forward(x, n, len, rnd, false);
    }
    float[] scales = new float[n * len];
    float[] features = DtScales.split(x, n * len, inputDim + 1, scales);
    DtScales.check(scales, len);
    return level.forward(features, scales, n, len, rnd, false);
  }

  /** Outputs at input indices 0, k, 2k, …: {@code [n, L, H] → [n, L/k, H]}. */
  private float[] gather(float[] full, int n, int len) {
    int lout = len / chunk;
    float[] out = new float[n * lout * headWidth];
    for (int e = 0; e < n; e++) {
      for (int j = 0; j < lout; j++) {
        System.arraycopy(
            full, (e * len + j * chunk) * headWidth, out, (e * lout + j) * headWidth, headWidth);
      }
    }
    return out;
  }
}
