package dev.hiss.ops;

import dev.hiss.ingestion.lake.LakePath;
import dev.hiss.ingestion.lake.LocalSpark;
import dev.hiss.model.io.ModelRegistry;
import dev.hiss.spark.job.BatchScoreJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./hiss score}: batch-scores the lake with a HiSS model and writes Parquet. */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Score every device in the lake with a model trained by ./hiss train (the registry's"
          + " production version by default) and write the chunk forecasts to Parquet:"
          + " device, chunk_end_seq, chunk_end_ts_ns, predicted, model_version."
    })
public final class ScoreCommand implements Runnable {
  @Option(
      names = "--lake",
      defaultValue = "target/hiss-lake",
      description =
          "Lake directory, or a Hadoop URI such as s3a://bucket/lake (needs its connector on the"
              + " classpath). Default: ${DEFAULT-VALUE}.")
  LakePath lake;

  @Option(
      names = "--model",
      description = "Model file (default: the registry's production version of --name).")
  Path model;

  @Option(
      names = "--registry",
      defaultValue = "target/hiss-models",
      description = "Default: ${DEFAULT-VALUE}.")
  Path registry;

  @Option(
      names = "--name",
      defaultValue = "hiss",
      description = "Registry model name (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(
      names = "--out",
      defaultValue = "target/hiss-predictions",
      description = "Parquet output directory or Hadoop URI (default: ${DEFAULT-VALUE}).")
  LakePath out;

  @Option(
      names = "--master",
      defaultValue = "local[*]",
      description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master;

  @Override
  public void run() {
    Path file = model;
    if (file == null) {
      try {
        file =
            new ModelRegistry(registry)
                .production(name)
                .map(ModelRegistry.Entry::file)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "No production version of '"
                                + name
                                + "' in "
                                + registry
                                + "; give --model FILE or ./hiss models promote "
                                + name
                                + " VERSION"));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read registry " + registry, e);
      }
    }
    SparkSession spark = LocalSpark.builder(master, "hiss-score").getOrCreate();
    try {
      long n = BatchScoreJob.run(spark, lake, file, out);
      System.out.printf("wrote %,d predictions from %s to %s%n", n, file, out);
    } finally {
      spark.stop();
    }
  }
}
