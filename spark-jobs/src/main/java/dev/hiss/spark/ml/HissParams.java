package dev.hiss.spark.ml;

import dev.hiss.model.hiss.HissPresets;
import java.io.Serializable;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.runtime.AbstractFunction1;

/**
 * The typed params shared by {@link HissRegressor} and {@link HissRegressionModel}, with their
 * validators, docs and defaults; and the schema checks.
 */
final class HissParams implements Serializable {
  private static final long serialVersionUID = 1L;
  static final int DEFAULT_EPOCHS = 10;
  static final int DEFAULT_BATCH = 4;
  static final double DEFAULT_LR = 1e-3;
  static final long DEFAULT_SEED = 5L;
  static final ArrayType SEQUENCE = DataTypes.createArrayType(DataTypes.DoubleType, true);

  final StringArrayParam inputCols;
  final Param<String> labelCol;
  final Param<String> predictionCol;
  final Param<String> preset;
  final IntParam chunkSize;
  final IntParam epochs;
  final IntParam batchSize;
  final DoubleParam learningRate;
  final LongParam seed;
  final IntParam partitions;

  HissParams(Params parent) {
    inputCols =
        new StringArrayParam(
            parent,
            "inputCols",
            "input columns, one per input channel, each array<double> of the episode's L samples"
                + " (L a multiple of the chunk sizes' product)");
    labelCol =
        new Param<>(
            parent,
            "labelCol",
            "label column: array<double> of L/k chunk targets; NaN marks a masked step",
            new NonEmpty());
    predictionCol =
        new Param<>(
            parent,
            "predictionCol",
            "output column: array<double> of L/k predictions, one per chunk",
            new NonEmpty());
    preset =
        new Param<>(
            parent,
            "preset",
            "HiSS model shape, one of " + HissPresets.NAMES,
            ParamValidators.inArray(HissPresets.NAMES.toArray(new String[0])));
    chunkSize =
        new IntParam(
            parent,
            "chunkSize",
            "low-level chunk size k (samples per chunk)",
            ParamValidators.gtEq(1));
    epochs = new IntParam(parent, "epochs", "training epochs (>= 1)", ParamValidators.gtEq(1));
    batchSize =
        new IntParam(
            parent,
            "batchSize",
            "global mini-batch size in episodes (>= 1)",
            ParamValidators.gtEq(1));
    learningRate =
        new DoubleParam(parent, "learningRate", "Adam learning rate (> 0)", ParamValidators.gt(0));
    seed = new LongParam(parent, "seed", "seed of initialization, shuffling and dropout");
    partitions =
        new IntParam(
            parent,
            "partitions",
            "data-parallel shards of the synchronous distributed training (1..4096)",
            ParamValidators.inRange(1, 4096));
  }

  /** Validator of column names: non-null and non-blank. */
  static final class NonEmpty extends AbstractFunction1<String, Object> implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Object apply(String name) {
      return name != null && !name.isBlank();
    }
  }

  /** Checks that every input column (and the label, if required) is array<double>. */
  static void requireSequence(StructType schema, String column) {
    StructField f;
    try {
      f = schema.apply(column);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Column "
              + column
              + " does not exist; columns: "
              + String.join(", ", schema.fieldNames()),
          e);
    }
    DataType t = f.dataType();
    if (!(t instanceof ArrayType a) || !a.elementType().equals(DataTypes.DoubleType)) {
      throw new IllegalArgumentException(
          "Column " + column + " must be array<double> but is " + t.simpleString());
    }
  }
}
