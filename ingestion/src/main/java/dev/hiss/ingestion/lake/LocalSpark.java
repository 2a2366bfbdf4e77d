package dev.hiss.ingestion.lake;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.SparkSession;

/**
 * The project's SparkSession defaults: UTC session time zone, Kryo, few shuffle partitions, and for
 * {@code local} masters a loopback driver without the web UI.
 *
 * <p>Under {@code spark-submit} (which sets the {@code spark.master} system property) the
 * submission's master and UI settings win: the {@code --master} option of the {@code ./hiss}
 * commands is ignored there, so the job runs on the cluster it was submitted to and serves the
 * driver UI (with its Prometheus endpoint, when the submission enables it).
 */
public final class LocalSpark {
  private LocalSpark() {}

  /**
   * A builder with the project's defaults.
   *
   * @param master e.g. {@code local[*]}, {@code local[2]}, {@code spark://host:7077}; ignored under
   *     spark-submit
   * @param appName application name shown by Spark
   */
  public static SparkSession.Builder builder(String master, String appName) {
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    settings(master, System.getProperties()).forEach(b::config);
    return b;
  }

  /**
   * The settings {@link #builder} applies, given the JVM's system properties.
   *
   * @param master the requested master
   * @param system the system properties ({@code spark.master} present = launched by spark-submit)
   * @return setting name to value, in the order they are applied
   */
  static Map<String, String> settings(String master, Properties system) {
    Map<String, String> s = new LinkedHashMap<>();
    String submitted = system.getProperty("spark.master");
    String effective = submitted != null ? submitted : master;
    if (submitted == null) {
      s.put("spark.master", master);
    }
    s.put("spark.sql.session.timeZone", "UTC");
    s.put("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    s.put("spark.sql.shuffle.partitions", "4");
    s.put("spark.sql.streaming.forceDeleteTempCheckpointLocation", "true");
    s.put("spark.ui.showConsoleProgress", "false");
    if (submitted == null) {
      s.put("spark.ui.enabled", "false");
    }
    if (effective.startsWith("local") && submitted == null) {
      s.put("spark.driver.host", "127.0.0.1");
      s.put("spark.driver.bindAddress", "127.0.0.1");
    }
    return s;
  }
}
