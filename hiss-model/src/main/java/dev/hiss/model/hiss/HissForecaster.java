package dev.hiss.model.hiss;

import dev.hiss.model.hiss.internal.DtScales;

/**
 * A trained {@link HissModel} with its {@link HissPreprocessing}: raw units in, raw units out. For
 * a model with Δt ({@link HissConfig#dt()}) raw inputs carry one more last channel, the Δt scale,
 * which the preprocessing passes through unchanged. Save and load it with {@link
 * HissModelFile#save(java.nio.file.Path, HissForecaster, dev.hiss.model.io.Provenance)} and {@link
 * HissModelFile#loadForecaster(java.nio.file.Path)}.
 *
 * <p>A model with Δt may record the nominal sampling gap it was trained with ({@code
 * nominalGapSeconds}): the Δt scale of a sample is then its gap to the previous sample in seconds
 * over that gap ({@link #dtScale(long)}), which is how a server that sees event timestamps (the
 * streaming scorer) forms the Δt channel. A model trained on time labels of unknown units (e.g.
 * {@code ./hiss evaluate --dt-from-time} on a numeric time column) has none, and such a model
 * cannot be served from timestamps.
 *
 * @param model the model, trained on {@code preprocessing.apply(rawTrain)}
 * @param preprocessing the transforms; its feature width and D_out must match the model
 * @param nominalGapSeconds the nominal sampling gap in seconds (finite, &gt; 0) of a model with Δt,
 *     or {@link Double#NaN} for none (always NaN for a model without Δt)
 */
public record HissForecaster(
    HissModel model, HissPreprocessing preprocessing, double nominalGapSeconds) {

  /** Checks that the preprocessing fits the model and the nominal gap is valid. */
  public HissForecaster {
    if (model == null || preprocessing == null) {
      throw new IllegalArgumentException("Invalid model or preprocessing = null");
    }
    HissConfig c = model.config();
    if (!Double.isNaN(nominalGapSeconds)) {
      if (!(nominalGapSeconds > 0 && Double.isFinite(nominalGapSeconds))) {
        throw new IllegalArgumentException(
            "Invalid nominalGapSeconds = " + nominalGapSeconds + "; must be finite and > 0");
      }
      if (!c.dt()) {
        throw new IllegalArgumentException(
            "Invalid nominalGapSeconds = "
                + nominalGapSeconds
                + "; only a model with Δt input (dt = true) has a nominal gap");
      }
    }
    if (preprocessing.featureDim() != c.inputDim() || preprocessing.outputDim() != c.outputDim()) {
      throw new IllegalArgumentException(
          "Invalid preprocessing: feature width/D_out = "
              + preprocessing.featureDim()
              + "/"
              + preprocessing.outputDim()
              + "; the model needs "
              + c.inputDim()
              + "/"
              + c.outputDim());
    }
  }

  /**
   * A forecaster without a nominal gap.
   *
   * @param model the model
   * @param preprocessing the transforms
   */
  public HissForecaster(HissModel model, HissPreprocessing preprocessing) {
    this(model, preprocessing, Double.NaN);
  }

  /**
   * This forecaster recording the nominal sampling gap of its Δt input.
   *
   * @param seconds the nominal gap in seconds, finite and &gt; 0
   * @return a forecaster sharing the model and preprocessing
   * @throws IllegalArgumentException if the gap is invalid or the model has no Δt input
   */
  public HissForecaster withNominalGap(double seconds) {
    if (Double.isNaN(seconds)) {
      throw new IllegalArgumentException("Invalid nominalGapSeconds = NaN; must be finite and > 0");
    }
    return new HissForecaster(model, preprocessing, seconds);
  }

  /** Whether a nominal gap is recorded ({@link #dtScale(long)} works). */
  public boolean hasNominalGap() {
    return !Double.isNaN(nominalGapSeconds);
  }

  /**
   * The Δt scale of a sample {@code gapNs} nanoseconds after the previous one: {@code (float)
   * (gapNs / 1e9 / nominalGapSeconds)} ({@link #dtScale(long, double)}).
   *
   * @param gapNs the gap in nanoseconds, &gt; 0
   * @return the scale, finite and &gt; 0
   * @throws IllegalStateException if no nominal gap is recorded
   * @throws IllegalArgumentException if the gap is not positive
   */
  public float dtScale(long gapNs) {
    if (!hasNominalGap()) {
      throw new IllegalStateException(
          "This forecaster has no nominal gap (nominalGapSeconds); its Δt scales cannot be"
              + " formed from timestamps");
    }
    return dtScale(gapNs, nominalGapSeconds);
  }

  /**
   * The Δt scale of a gap: {@code (float) (gapNs / 1e9 / nominalSeconds)}, the one formula that
   * training ({@code ./hiss train --dt}) and serving share, so both feed the model the same floats.
   *
   * @param gapNs the gap in nanoseconds, &gt; 0
   * @param nominalSeconds the nominal gap in seconds, finite and &gt; 0
   * @return the scale
   * @throws IllegalArgumentException if the gap is not positive or the scale is not a finite
   *     positive float
   */
  public static float dtScale(long gapNs, double nominalSeconds) {
    if (gapNs <= 0) {
      throw new IllegalArgumentException("Invalid gap = " + gapNs + " ns; must be > 0");
    }
    float s = (float) (gapNs / 1e9 / nominalSeconds);
    if (!(s > 0 && Float.isFinite(s))) {
      throw new IllegalArgumentException(
          "Invalid Δt scale = "
              + s
              + " of a gap of "
              + gapNs
              + " ns over the nominal "
              + nominalSeconds
              + " s; must be a finite float > 0");
    }
    return s;
  }

  /**
   * A forecaster whose model has no preprocessing (identity transforms).
   *
   * @param model the model
   * @return the forecaster
   */
  public static HissForecaster withoutPreprocessing(HissModel model) {
    return new HissForecaster(
        model, HissPreprocessing.identity(model.config().inputDim(), model.config().outputDim()));
  }

  /** Returns D_raw, the raw input channels. */
  public int rawInputDim() {
    return preprocessing.rawInputDim();
  }

  /**
   * Predictions in raw target units.
   *
   * @param raw raw inputs [batch, L_in, D_raw]
   * @param batch number of episodes
   * @param inputLength L_in, a multiple of Π k_i
   * @return [batch, L_in/Π k_i, D_out]
   */
  public float[] predict(float[] raw, int batch, int inputLength) {
    float[] y = model.predict(features(raw, batch, inputLength), batch, inputLength);
    return preprocessing.denormalizeTargets(y);
  }

  /**
   * Gaussian predictions in raw target units (a {@link OutputHead#GAUSSIAN} model): mean·s + m and
   * std·s with the target statistics m, s of the preprocessing.
   *
   * @param raw raw inputs [batch, L_in, D_raw]
   * @param batch number of episodes
   * @param inputLength L_in, a multiple of Π k_i
   * @return mean and std, each [batch, L_in/Π k_i, D_out]
   * @throws IllegalStateException if the head is not GAUSSIAN
   */
  public GaussianPrediction predictDistribution(float[] raw, int batch, int inputLength) {
    GaussianPrediction g =
        model.predictDistribution(features(raw, batch, inputLength), batch, inputLength);
    preprocessing.denormalizeTargets(g.mean());
    preprocessing.denormalizeStd(g.std());
    return g;
  }

  /**
   * Quantile predictions in raw target units (a {@link OutputHead#QUANTILE} model): q·s + m with
   * the target statistics m, s of the preprocessing.
   *
   * @param raw raw inputs [batch, L_in, D_raw]
   * @param batch number of episodes
   * @param inputLength L_in, a multiple of Π k_i
   * @return [batch, L_in/Π k_i, Q, D_out]
   * @throws IllegalStateException if the head is not QUANTILE
   */
  public float[] predictQuantiles(float[] raw, int batch, int inputLength) {
    float[] q =
        model.predictQuantiles(preprocessing.features(raw, batch, inputLength), batch, inputLength);
    return preprocessing.denormalizeTargets(q);
  }

  /**
   * The training loss on raw episodes: masked MSE in normalized target units (HISS-MATH §1.4).
   *
   * @param raw raw episodes
   * @return Σ_valid ((ŷ − y)/std)² / (D_out·#valid)
   */
  public double normalizedMse(Seq2SeqData raw) {
    if (!model.config().dt()) {
      return HissTrainer.evaluate(model, preprocessing.apply(raw));
    }
    int rows = raw.count() * raw.inputLength();
    float[] dt = new float[rows];
    float[] rawFeatures = DtScales.split(raw.inputs(), rows, raw.inputDim(), dt);
    Seq2SeqData p =
        preprocessing.apply(
            new Seq2SeqData(
                rawFeatures,
                raw.targets(),
                raw.mask(),
                raw.count(),
                raw.inputLength(),
                raw.inputDim() - 1,
                raw.outputLength(),
                raw.outputDim()));
    int f = p.inputDim();
    return HissTrainer.evaluate(
        model,
        new Seq2SeqData(
            DtScales.merge(p.inputs(), dt, rows, f),
            p.targets(),
            p.mask(),
            p.count(),
            p.inputLength(),
            f + 1,
            p.outputLength(),
            p.outputDim()));
  }

  /** The model input of raw inputs: preprocessed features, plus the Δt channel as it is. */
  private float[] features(float[] raw, int batch, int inputLength) {
    if (!model.config().dt()) {
      return preprocessing.features(raw, batch, inputLength);
    }
    int rows = batch * inputLength;
    int width = preprocessing.rawInputDim() + 1;
    if (raw == null || raw.length != (long) rows * width) {
      throw new IllegalArgumentException(
          "Invalid raw length = "
              + (raw == null ? "null" : raw.length)
              + "; must be batch·L_in·(D_raw + 1 Δt channel) = "
              + (long) rows * width);
    }
    float[] dt = new float[rows];
    float[] f = preprocessing.features(DtScales.split(raw, rows, width, dt), batch, inputLength);
    return DtScales.merge(f, dt, rows, preprocessing.featureDim());
  }

  /**
   * A streaming model that applies the same preprocessing per raw sample (keeping the previous raw
   * sample of each stream for the deltas) and de-normalizes its predictions.
   *
   * @param batch number of parallel streams
   * @return the step model at the start of an episode
   */
  public HissStepModel stepModel(int batch) {
    return new HissStepModel(model, preprocessing, batch);
  }
}
