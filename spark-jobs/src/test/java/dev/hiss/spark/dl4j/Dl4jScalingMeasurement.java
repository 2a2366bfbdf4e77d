package dev.hiss.spark.dl4j;

import dev.hiss.ingestion.lake.LocalSpark;
import dev.hiss.ingestion.lake.internal.RecordDecoder;
import dev.hiss.ingestion.replay.Recording;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The DL4J-on-Spark measurement behind {@code docs/scaling.md} (a harness, not a test): writes the
 * first {@code samples} of the bundled ECG to a lake as one device, then trains the same DL4J SSM
 * network single-process, with parameter averaging and with gradient sharing, {@code reps} times
 * interleaved, printing the 1-minute load average, samples/s and the validation MSE per epoch.
 * Arguments: master workers epochs samples layers batchPerWorker reps [sharingWorkersPerNode [lr
 * [onlyMaster]]].
 */
public final class Dl4jScalingMeasurement {
  private Dl4jScalingMeasurement() {}

  public static void main(String[] args) throws Exception {
    String master = args[0];
    int workers = Integer.parseInt(args[1]);
    int epochs = Integer.parseInt(args[2]);
    int samples = Integer.parseInt(args[3]);
    List<SsmLayerKind> layers = SsmLayerKind.parseList(args[4]);
    int batch = Integer.parseInt(args[5]);
    int reps = Integer.parseInt(args[6]);
    int perNode = args.length > 7 ? Integer.parseInt(args[7]) : 1;
    double lr = args.length > 8 ? Double.parseDouble(args[8]) : 3e-3;
    String only = args.length > 9 ? args[9] : "";
    SparkSession spark =
        LocalSpark.builder(master, "dl4j-scaling")
            .config("spark.kryo.registrator", Dl4jSparkTrainJob.ND4J_REGISTRATOR)
            .getOrCreate();
    Path lake = Files.createTempDirectory("dl4j-scaling").resolve("lake");
    writeLake(spark, lake, samples);
    try {
      for (int rep = 0; rep < reps; rep++) {
        // single process with the global batch (the twin of averaging every mini-batch) and with
        // the per-worker batch (the twin of sharing: one trainer per JVM steps per mini-batch)
        int[][] runs = {
          {0, workers, batch}, {1, workers, batch}, {2, 1, batch * workers}, {2, 1, batch}
        };
        for (int[] run : runs) {
          TrainingMasterKind m = TrainingMasterKind.values()[run[0]];
          int w = run[1];
          int b = run[2];
          if (!only.isEmpty() && !only.equals(m.cliName())) {
            continue;
          }
          Dl4jTrainConfig t =
              new Dl4jTrainConfig(layers, 16, 16, m, w, b, 1, 1e-3, perNode, epochs, lr, 5);
          String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
          Dl4jSparkTrainJob.Result r =
              Dl4jSparkTrainJob.run(
                  spark, new Dl4jSparkTrainJob.Config(lake, "ecg", 10, 20, 0.2, t, null));
          System.out.printf(
              "RESULT rep=%d master=%s workers=%d batch=%d load=%s train=%d params=%d"
                  + " fitSeconds=%.1f samplesPerSecond=%.1f initialValid=%.5f valid=%s zero=%.5f%n",
              rep,
              m.cliName(),
              w,
              b,
              load,
              r.trainEpisodes(),
              r.parameters(),
              r.fitSeconds(),
              r.samplesPerSecond(),
              r.initialValidationLoss(),
              r.validationLoss().stream().map(v -> String.format("%.5f", v)).toList(),
              r.zeroBaselineMse());
        }
      }
    } finally {
      spark.stop();
    }
  }

  private static void writeLake(SparkSession spark, Path lake, int samples) {
    StructType schema =
        new StructType()
            .add("device", DataTypes.StringType)
            .add("seq", DataTypes.LongType)
            .add("ts_ns", DataTypes.LongType)
            .add(
                "channels",
                DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false))
            .add("bucket", DataTypes.IntegerType);
    double[] v = Recording.bundledEcg().values();
    List<Row> rows = new ArrayList<>();
    for (int t = 0; t < samples; t++) {
      rows.add(
          RowFactory.create(
              "mitbih208",
              (long) t,
              2_777_778L * t + 1_000_000_000L,
              scala.collection.JavaConverters.mapAsScalaMap(Map.of("ecg", v[t])),
              RecordDecoder.bucket("mitbih208", 4)));
    }
    spark.createDataFrame(rows, schema).write().partitionBy("bucket").parquet(lake.toString());
  }
}
