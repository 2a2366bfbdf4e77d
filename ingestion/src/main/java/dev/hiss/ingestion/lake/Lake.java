package dev.hiss.ingestion.lake;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;

import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Typed reads of the Parquet lake written by {@link LakeIngestJob}. */
public final class Lake {
  private Lake() {}

  /** All lake rows with the columns documented on {@link LakeIngestJob}. */
  public static Dataset<Row> read(SparkSession spark, Path lake) {
    return read(spark, LakePath.of(lake));
  }

  /**
   * All lake rows, from a local directory or any Hadoop file system ({@code s3a://...}).
   *
   * @throws IllegalStateException naming the connector to add when the scheme has none
   */
  public static Dataset<Row> read(SparkSession spark, LakePath lake) {
    try {
      return spark.read().parquet(lake.toString());
    } catch (Exception e) { // Hadoop's IOExceptions arrive unchecked through Scala
      String hint = lake.missingConnectorHint(e);
      if (hint != null) {
        throw new IllegalStateException(hint, e);
      }
      throw e;
    }
  }

  /**
   * One channel as per-device series: {@code device string, seq long, ts_ns long, value double},
   * rows without that channel left out. Order within a device by {@code seq} (or {@code ts_ns}).
   */
  public static Dataset<Row> channel(SparkSession spark, Path lake, String channel) {
    return channel(spark, LakePath.of(lake), channel);
  }

  /** {@link #channel(SparkSession, Path, String)} of a lake at any {@link LakePath}. */
  public static Dataset<Row> channel(SparkSession spark, LakePath lake, String channel) {
    return read(spark, lake)
        .filter(col("channels").getItem(channel).isNotNull())
        .select(
            col("device"), col("seq"), col("ts_ns"), col("channels").getItem(channel).as("value"));
  }

  /**
   * One channel as typed per-device series, each ordered by event time (then sequence number). Each
   * device's series is assembled in one task's memory: for very long recordings read {@link
   * #channel} and window it instead.
   */
  public static Dataset<LakeSeries> series(SparkSession spark, Path lake, String channel) {
    return series(spark, LakePath.of(lake), channel);
  }

  /** {@link #series(SparkSession, Path, String)} of a lake at any {@link LakePath}. */
  public static Dataset<LakeSeries> series(SparkSession spark, LakePath lake, String channel) {
    return channel(spark, lake, channel)
        .groupBy("device")
        .agg(
            sort_array(
                    collect_list(
                        struct(
                            col("ts_ns"), coalesce(col("seq"), lit(-1L)).as("seq"), col("value"))))
                .as("s"))
        .select(
            col("device"),
            col("s.seq").as("seq"),
            col("s.ts_ns").as("tsNs"),
            col("s.value").as("values"))
        .as(Encoders.bean(LakeSeries.class));
  }
}
