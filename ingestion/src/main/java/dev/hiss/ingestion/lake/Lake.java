package dev.hiss.ingestion.lake;

import static org.apache.spark.sql.functions.col;

import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Typed reads of the Parquet lake written by {@link LakeIngestJob}. */
public final class Lake {
  private Lake() {}

  /** All lake rows with the columns documented on {@link LakeIngestJob}. */
  public static Dataset<Row> read(SparkSession spark, Path lake) {
    return spark.read().parquet(lake.toString());
  }

  /**
   * One channel as per-device series: {@code device string, seq long, ts_ns long, value double},
   * rows without that channel left out. Order within a device by {@code seq} (or {@code ts_ns}).
   */
  public static Dataset<Row> channel(SparkSession spark, Path lake, String channel) {
    return read(spark, lake)
        .filter(col("channels").getItem(channel).isNotNull())
        .select(
            col("device"), col("seq"), col("ts_ns"), col("channels").getItem(channel).as("value"));
  }
}
