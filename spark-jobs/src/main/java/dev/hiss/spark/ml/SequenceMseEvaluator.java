package dev.hiss.spark.ml;

import java.util.List;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReadable;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;

/**
 * The masked MSE of array&lt;double&gt; predictions against array&lt;double&gt; labels: Σ (ŷ − y)²
 * over label steps that are not NaN, divided by their count (the HiSS training loss). Smaller is
 * better.
 */
public final class SequenceMseEvaluator extends Evaluator implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> labelCol;
  private final Param<String> predictionCol;

  /** An evaluator with a random uid. */
  public SequenceMseEvaluator() {
    this(Identifiable.randomUID("sequenceMse"));
  }

  /**
   * An evaluator with the given uid (used by the reader).
   *
   * @param uid the uid
   */
  public SequenceMseEvaluator(String uid) {
    this.uid = uid;
    labelCol =
        new Param<>(
            this,
            "labelCol",
            "label column: array<double>, NaN marks a masked step",
            new HissParams.NonEmpty());
    predictionCol =
        new Param<>(
            this,
            "predictionCol",
            "prediction column: array<double> of the label's length",
            new HissParams.NonEmpty());
    setDefault(labelCol, "label");
    setDefault(predictionCol, "prediction");
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The label column param. */
  public Param<String> labelCol() {
    return labelCol;
  }

  /** The prediction column param. */
  public Param<String> predictionCol() {
    return predictionCol;
  }

  /** Sets {@link #labelCol()}. */
  public SequenceMseEvaluator setLabelCol(String v) {
    set(labelCol, v);
    return this;
  }

  /** Sets {@link #predictionCol()}. */
  public SequenceMseEvaluator setPredictionCol(String v) {
    set(predictionCol, v);
    return this;
  }

  @Override
  public double evaluate(Dataset<?> dataset) {
    String l = getOrDefault(labelCol);
    String p = getOrDefault(predictionCol);
    HissParams.requireSequence(dataset.schema(), l);
    HissParams.requireSequence(dataset.schema(), p);
    double[] s =
        dataset
            .select(l, p)
            .toDF()
            .javaRDD()
            .map(
                r -> {
                  List<Double> y = r.getList(0);
                  List<Double> yhat = r.getList(1);
                  if (y.size() != yhat.size()) {
                    throw new IllegalArgumentException(
                        "Label and prediction lengths differ: " + y.size() + " vs " + yhat.size());
                  }
                  double se = 0;
                  double n = 0;
                  for (int j = 0; j < y.size(); j++) {
                    Double v = y.get(j);
                    if (v != null && !v.isNaN()) {
                      se += Math.pow(yhat.get(j) - v, 2);
                      n++;
                    }
                  }
                  return new double[] {se, n};
                })
            .fold(new double[2], (a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
    if (s[1] == 0) {
      throw new IllegalArgumentException("No valid label step to evaluate");
    }
    return s[0] / s[1];
  }

  @Override
  public boolean isLargerBetter() {
    return false;
  }

  @Override
  public SequenceMseEvaluator copy(ParamMap extra) {
    return (SequenceMseEvaluator) defaultCopy(extra);
  }

  /** The reader of saved evaluators. */
  public static MLReader<SequenceMseEvaluator> read() {
    return new Readable().read();
  }

  /** Loads a saved evaluator. */
  public static SequenceMseEvaluator load(String path) {
    return read().load(path);
  }

  private static final class Readable implements DefaultParamsReadable<SequenceMseEvaluator> {}
}
