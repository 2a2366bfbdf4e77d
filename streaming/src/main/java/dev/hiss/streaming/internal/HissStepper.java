package dev.hiss.streaming.internal;

import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.model.hiss.GaussianPrediction;
import dev.hiss.model.hiss.HissConfig;
import dev.hiss.model.hiss.HissStepModel;
import dev.hiss.model.hiss.OutputHead;
import dev.hiss.streaming.HissServing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device's step through the HiSS model in service, for {@link ScoringProcessor}: restores the
 * device's step state from its window, feeds the event (and its Δt scale for a model with Δt
 * input), stores the new state back, and returns the forecast the step emitted, if any. One step
 * model and its buffers serve every device of a task, in turn, and are rebuilt when the model
 * changes.
 *
 * <p>A GAUSSIAN-head model's forecast carries its standard deviation; a QUANTILE-head model steps
 * once with {@link HissStepModel#stepQuantiles}: the forecast is its median-level quantile (what
 * {@link HissStepModel#step} returns), with all its quantiles in the target's units, and, when its
 * levels hold a central pair (l, 1 − l), the widest such interval (what the quantile-interval alert
 * rule checks).
 */
final class HissStepper {
  private static final Logger LOG = LoggerFactory.getLogger(HissStepper.class);

  /**
   * A step's forecast of the target (output 0), in its units.
   *
   * @param value the point forecast (a quantile model's median)
   * @param sd predictive standard deviation, NaN when the head is not GAUSSIAN
   * @param quantiles all quantiles, or null (not a quantile head, or not finite)
   * @param lower lower bound of the widest central quantile interval, or NaN when there is none
   * @param upper its upper bound, or NaN
   * @param level the probability between them, or NaN
   */
  record Forecast(
      double value,
      double sd,
      Prediction.Quantiles quantiles,
      double lower,
      double upper,
      double level) {}

  private HissServing of;
  private HissStepModel stepModel;
  private float[] state; // one device's step-model state, reused from record to record
  private float[] input; // one record's model input, reused from record to record
  private double[] quantileLevels; // the step model's quantile levels, or null (not QUANTILE)
  private int medianIndex; // which of them is the point forecast
  private int intervalLower = -1; // the widest central pair of them (l, 1 − l), or -1: none
  private int intervalUpper = -1;

  /**
   * The buffer a device window may restore its step state into (null before the first HiSS record);
   * {@link #step} leaves the new state in it.
   */
  float[] stateBuffer() {
    return state;
  }

  /**
   * Steps device window {@code w}'s HiSS state with event {@code e}; {@code w.hissState} holds the
   * new state afterwards (this stepper's buffer: the window's bytes copy it).
   *
   * @param dtScale the event's Δt scale, used when the model has a Δt input
   * @return the forecast, or null when the model emits none at this sample
   */
  Forecast step(HissServing h, SensorEvent e, DeviceWindow w, float dtScale) {
    if (stepModel == null || of != h) {
      use(h);
    }
    if (w.hissState != null && w.hissState.length == stepModel.stateSize()) {
      stepModel.importState(w.hissState);
    } else {
      stepModel.reset();
    }
    int channels = h.inputs().size();
    float[] x = input; // every element is set below
    for (int i = 0; i < channels; i++) {
      x[i] = (float) e.channel(h.inputs().get(i));
    }
    if (h.dt()) {
      x[channels] = dtScale; // the Δt channel, last
    }
    Forecast f;
    if (stepModel.probabilistic()) {
      GaussianPrediction g = stepModel.stepDistribution(x);
      f =
          g == null
              ? null
              : new Forecast(g.mean()[0], g.std()[0], null, Double.NaN, Double.NaN, Double.NaN);
    } else if (quantileLevels != null) {
      // [1, Q, D_out], already in the target's units (q·s + m, as step's median)
      float[] q = stepModel.stepQuantiles(x);
      f = q == null ? null : quantileForecast(q);
    } else {
      float[] y = stepModel.step(x);
      f =
          y == null
              ? null
              : new Forecast(y[0], Double.NaN, null, Double.NaN, Double.NaN, Double.NaN);
    }
    stepModel.exportState(state);
    w.hissState = state; // toBytes copies it into the stored value
    return f;
  }

  private void use(HissServing h) {
    of = h;
    stepModel = h.forecaster().stepModel(1);
    state = new float[stepModel.stateSize()];
    input = new float[h.inputs().size() + (h.dt() ? 1 : 0)];
    HissConfig config = h.forecaster().model().config();
    quantileLevels = config.head() == OutputHead.QUANTILE ? config.quantiles().toArray() : null;
    medianIndex = quantileLevels == null ? 0 : config.quantiles().medianIndex();
    intervalLower = -1;
    intervalUpper = -1;
    if (quantileLevels != null) {
      int[] pair = CentralInterval.pair(quantileLevels);
      intervalLower = pair[0];
      intervalUpper = pair[1];
    }
  }

  private Forecast quantileForecast(float[] q) {
    int dOut = q.length / quantileLevels.length;
    Prediction.Quantiles quantiles = targetQuantiles(q, dOut);
    if (quantiles == null || intervalLower < 0) {
      return new Forecast(
          q[medianIndex * dOut], Double.NaN, quantiles, Double.NaN, Double.NaN, Double.NaN);
    }
    return new Forecast(
        q[medianIndex * dOut],
        Double.NaN,
        quantiles,
        q[intervalLower * dOut],
        q[intervalUpper * dOut],
        quantileLevels[intervalUpper] - quantileLevels[intervalLower]);
  }

  /**
   * The target's (output 0's) quantiles of a step's quantiles [1, Q, D_out], or null when they are
   * not finite (a diverged model): the prediction then goes out with its median alone.
   */
  private Prediction.Quantiles targetQuantiles(float[] q, int dOut) {
    double[] values = new double[quantileLevels.length];
    for (int j = 0; j < values.length; j++) {
      values[j] = q[j * dOut];
    }
    try {
      return new Prediction.Quantiles(quantileLevels, values);
    } catch (IllegalArgumentException ex) {
      LOG.debug("Quantiles left out: {}", ex.getMessage());
      return null;
    }
  }
}
