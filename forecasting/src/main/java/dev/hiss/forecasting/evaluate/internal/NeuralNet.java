package dev.hiss.forecasting.evaluate.internal;

import dev.hiss.model.hiss.OutputHead;
import dev.hiss.model.hiss.Parameter;
import dev.hiss.model.hiss.QuantileLevels;
import dev.hiss.model.hiss.Seq2SeqData;
import dev.hiss.model.hiss.TrainingLoss;
import java.util.List;

/**
 * A trainable seq2seq network: [n, L_in, D_in] → raw head output [n, L_in/k, H] in normalized
 * units, H = D_out·{@code head().outputsPerTarget(quantiles())} (D_out values for a POINT head,
 * D_out means then D_out raw variance parameters for a GAUSSIAN head, D_out raw values per level
 * for a QUANTILE head).
 */
public interface NeuralNet {
  /** Episodes per inference forward pass (bounds the activation memory). */
  int PREDICT_BATCH = 32;

  /** The shape, for reports. */
  String description();

  /** Every trainable tensor (live arrays). */
  List<Parameter> parameters();

  /** Re-derives cached kernel state after the parameters changed directly. */
  void refresh();

  /** The output head. */
  OutputHead head();

  /**
   * Whether the net reads a Δt-scale channel after the D_in input channels ({@code
   * --dt-from-time}): inputs are then [n, L_in, D_in + 1].
   */
  default boolean usesDt() {
    return false;
  }

  /** The levels of a QUANTILE head, else null. */
  QuantileLevels quantiles();

  /** The training loss (one of the head's). */
  TrainingLoss trainingLoss();

  /** One optimizer step on a mini-batch; returns its loss before the update. */
  double step(Seq2SeqData batch);

  /** Inference on {@code [n, L_in, D_in]}; returns the raw head output {@code [n, L_in/k, H]}. */
  float[] predictBatch(float[] x, int n, int inputLength);

  /** Number of scalar parameters. */
  default long params() {
    return parameters().stream().mapToLong(p -> p.value().length).sum();
  }

  /** Raw head outputs for every episode of {@code data}, {@code [n, L_out, H]}. */
  default float[] predict(Seq2SeqData data) {
    int xi = data.inputLength() * data.inputDim();
    int yi = data.outputLength() * data.outputDim() * head().outputsPerTarget(quantiles());
    float[] out = new float[data.count() * yi];
    for (int from = 0; from < data.count(); from += PREDICT_BATCH) {
      int n = Math.min(PREDICT_BATCH, data.count() - from);
      float[] x = new float[n * xi];
      System.arraycopy(data.inputs(), from * xi, x, 0, n * xi);
      float[] y = predictBatch(x, n, data.inputLength());
      System.arraycopy(y, 0, out, from * yi, n * yi);
    }
    return out;
  }

  /**
   * The training loss on {@code data} (no dropout): masked MSE for POINT, masked Gaussian NLL or
   * CRPS for GAUSSIAN, masked pinball for QUANTILE.
   */
  default double loss(Seq2SeqData data) {
    return trainingLoss()
        .loss(predict(data), data.targets(), data.mask(), data.outputDim(), quantiles(), null);
  }

  /** A copy of every parameter value. */
  default float[][] snapshot() {
    List<Parameter> ps = parameters();
    float[][] out = new float[ps.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = ps.get(i).value().clone();
    }
    return out;
  }

  /** Writes back a {@link #snapshot()}. */
  default void restore(float[][] values) {
    List<Parameter> ps = parameters();
    for (int i = 0; i < values.length; i++) {
      System.arraycopy(values[i], 0, ps.get(i).value(), 0, values[i].length);
    }
    refresh();
  }
}
