package dev.hiss.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hiss.ingestion.lake.LakePath;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --lake}, {@code --checkpoint} and {@code score --out} take Hadoop URIs intact. */
class LakeOptionsTest {
  private static <T> T parse(Class<T> type, String... args) {
    CommandLine.ParseResult r = Hiss.commandLine().parseArgs(args);
    return type.cast(r.subcommand().commandSpec().userObject());
  }

  @Test
  void uriOptionsKeepTheirScheme() {
    ScoreCommand score =
        parse(ScoreCommand.class, "score", "--lake", "s3a://b/lake", "--out", "hdfs://nn:8020/p");
    assertEquals("s3a://b/lake", score.lake.uri());
    assertEquals("hdfs://nn:8020/p", score.out.uri());
    IngestCommand ingest =
        parse(
            IngestCommand.class, "ingest", "--lake", "s3a://b/lake", "--checkpoint", "s3a://b/cp");
    assertEquals("s3a://b/lake", ingest.lake.uri());
    assertEquals("s3a://b/cp", ingest.checkpoint.uri());
    TrainCommand train =
        parse(
            TrainCommand.class,
            "train",
            "--lake",
            "s3a://b/lake",
            "--inputs",
            "x",
            "--target",
            "y");
    assertEquals(LakePath.of("s3a://b/lake"), train.lake);
  }

  @Test
  void theDefaultLakeIsALocalAbsolutePath() {
    TrainCommand train = parse(TrainCommand.class, "train", "--inputs", "x", "--target", "y");
    assertEquals(Path.of("target/hiss-lake").toAbsolutePath().toString(), train.lake.uri());
  }
}
