package dev.hiss.ingestion.lake;

import org.apache.spark.sql.SparkSession;

/**
 * The project's SparkSession defaults: UTC session time zone, loopback driver, no UI in tests,
 * Kryo. Cluster deployments pass {@code --master} and keep these settings.
 */
public final class LocalSpark {
  private LocalSpark() {}

  /**
   * A builder with the project's defaults.
   *
   * @param master e.g. {@code local[*]}, {@code local[2]}, {@code spark://host:7077}
   * @param appName application name shown by Spark
   */
  public static SparkSession.Builder builder(String master, String appName) {
    SparkSession.Builder b =
        SparkSession.builder()
            .appName(appName)
            .master(master)
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.sql.streaming.forceDeleteTempCheckpointLocation", "true")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false");
    if (master.startsWith("local")) {
      b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
    }
    return b;
  }
}
