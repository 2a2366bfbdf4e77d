package dev.hiss.ops.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.broker.EmbeddedKafkaBroker;
import dev.hiss.ingestion.lake.LocalSpark;
import dev.hiss.ingestion.replay.FleetReplay;
import dev.hiss.ingestion.replay.Recording;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, smaller: the real ECG through a real broker, the Parquet lake, Spark
 * training and the exactly-once scorer.
 */
@Tag("integration")
@Timeout(600)
class DemoPipelineTest {
  private static EmbeddedKafkaBroker broker;
  private static SparkSession spark;
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    broker = EmbeddedKafkaBroker.start(2);
    spark = LocalSpark.builder("local[2]", "e2e-test").getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void everyEventReachesTheLakeOnceAndEveryDeviceGetsItsPredictions() {
    FleetReplay replay =
        new FleetReplay(Recording.bundledEcg(), 3, 2000, "ecg", 1_767_225_600L * 1_000_000_000L);
    DemoPipeline.Options o =
        new DemoPipeline.Options(
            broker.bootstrapServers(), ".e2e", dir, 24, 6, 36, Duration.ofMinutes(3));
    broker.createTopics(2, o.topics());
    List<String> progress = new ArrayList<>();
    DemoPipeline.Result r = DemoPipeline.run(spark, replay, o, progress::add);

    assertEquals(4, progress.size());
    assertEquals(Map.of("ecg-0", 2000L, "ecg-1", 2000L, "ecg-2", 2000L), new TreeMap<>(r.sent()));
    assertEquals(6000, r.lakeRows());
    assertEquals(6000, r.lakeDistinctKeys());

    // exactly the expected predictions: every device, no duplicates, none missing
    long perDevice = DemoPipeline.expectedPredictions(2000, 24, 36);
    assertEquals(55, perDevice); // chunk ends 36, 72, ..., 1980
    assertEquals(3 * perDevice, r.expectedPredictions());
    assertEquals(r.expectedPredictions(), r.predictions().size());
    Set<String> keys = new HashSet<>();
    for (Prediction p : r.predictions()) {
      assertTrue(keys.add(p.deviceId() + "/" + p.seq()), "duplicate " + p);
    }
    Map<String, Long> counts = new TreeMap<>();
    r.predictions().forEach(p -> counts.merge(p.deviceId(), 1L, Long::sum));
    assertEquals(Map.of("ecg-0", perDevice, "ecg-1", perDevice, "ecg-2", perDevice), counts);

    // each prediction is the trained model applied to that device's own samples
    LinearAutoregression m = r.training().model();
    for (Prediction p : r.predictions()) {
      int d = Integer.parseInt(p.deviceId().substring(4));
      double[] x = new double[2000];
      for (int s = 0; s < x.length; s++) {
        x[s] = replay.value(d, s);
      }
      assertEquals(m.predict(x, (int) p.seq()), p.predicted(), 1e-9);
      assertEquals(r.training().modelVersion(), p.modelVersion());
      assertEquals(p.seq() + 6, p.targetSeq());
    }

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DemoPipeline.printReport(new PrintStream(out, true, StandardCharsets.UTF_8), replay, r, 2);
    String report = out.toString(StandardCharsets.UTF_8);
    assertTrue(report.contains("RMSE model"), report);
    assertTrue(report.lines().anyMatch(l -> l.startsWith("ecg-2")), report);
  }
}
