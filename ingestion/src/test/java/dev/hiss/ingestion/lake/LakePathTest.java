package dev.hiss.ingestion.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.ingestion.ValidationPolicy;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LakePathTest {
  @Test
  void uriLocationsKeepTheirDoubleSlash() {
    // Path.of would make "s3a:/bucket/lake" of this
    LakePath p = LakePath.of("s3a://bucket/lake/");
    assertEquals("s3a://bucket/lake", p.toString());
    assertEquals("s3a", p.scheme());
    assertFalse(p.isLocal());
    assertEquals(
        "s3a://bucket/lake-checkpoints/lake", p.withSuffix("-checkpoints").resolve("lake").uri());
    assertEquals("hdfs://nn:8020/data/lake", LakePath.of("hdfs://nn:8020/data/lake").uri());
    assertThrows(IllegalStateException.class, p::toLocalPath);
  }

  @Test
  void plainPathsBecomeAbsoluteAndLocal() {
    LakePath p = LakePath.of("target/../target/lake");
    assertEquals(Path.of("target/lake").toAbsolutePath().toString(), p.uri());
    assertNull(p.scheme());
    assertTrue(p.isLocal());
    assertEquals(Path.of("target/lake").toAbsolutePath(), p.toLocalPath());
    LakePath f = LakePath.of("file:///tmp/lake");
    assertTrue(f.isLocal());
    assertEquals(Path.of("/tmp/lake"), f.toLocalPath());
  }

  @Test
  void emptyOrControlCharactersAreRefusedNamingTheValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LakePath.of(" "));
    assertTrue(e.getMessage().startsWith("Invalid lake path = ' '"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new LakePath("s3a://b/la\nke"));
    assertTrue(e.getMessage().contains("s3a://b/la?ke"), e.getMessage());
  }

  @Test
  void aMissingConnectorBecomesAHintAndOtherFailuresDoNot() {
    LakePath p = LakePath.of("s3a://bucket/lake");
    String hint =
        p.missingConnectorHint(
            new RuntimeException("wrapped", new IOException("No FileSystem for scheme \"s3a\"")));
    assertTrue(hint.contains("s3a://") && hint.contains("hadoop-aws"), hint);
    assertNotNull(
        p.missingConnectorHint(
            new RuntimeException(
                new ClassNotFoundException(
                    "Class org.apache.hadoop.fs.s3a.S3AFileSystem not found"))));
    assertNull(p.missingConnectorHint(new IOException("Access Denied")));
    assertNull(p.missingConnectorHint(new ClassNotFoundException("com.example.Udf")));
  }

  @Test
  void theIngestConfigTakesPathsAndUris() {
    LakeIngestConfig local =
        new LakeIngestConfig(
            "b:9092",
            "t",
            "dlq",
            Path.of("lake"),
            Path.of("cp"),
            4,
            1000,
            ValidationPolicy.DEFAULT);
    assertEquals(Path.of("lake").toAbsolutePath().toString(), local.lake().uri());
    LakeIngestConfig s3 =
        new LakeIngestConfig(
            "b:9092",
            "t",
            "dlq",
            LakePath.of("s3a://b/lake"),
            LakeIngestJob.defaultCheckpoint(LakePath.of("s3a://b/lake")),
            4,
            1000,
            ValidationPolicy.DEFAULT,
            null);
    assertEquals("s3a://b/lake-checkpoints", s3.checkpoint().uri());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new LakeIngestConfig(
                "b:9092",
                "t",
                "dlq",
                null,
                s3.checkpoint(),
                4,
                1000,
                ValidationPolicy.DEFAULT,
                null));
  }
}
