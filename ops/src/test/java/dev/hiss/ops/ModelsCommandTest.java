package dev.hiss.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hiss.model.io.ModelFile;
import dev.hiss.model.io.Provenance;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ModelsCommandTest {
  @TempDir Path dir;

  private String run(int expectedCode, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new Hiss())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    assertEquals(expectedCode, code, err.toString());
    return out + err.toString();
  }

  @Test
  void registerListShowPromote() throws Exception {
    Path f = dir.resolve("m.json");
    ModelFile.write(
        f,
        "test-kind",
        new Provenance(
            Map.of("metric.validationMse", "0.5"), 7, "", "", "test", "dev", "2026-01-01T00:00Z"),
        JsonNodeFactory.instance.objectNode().put("w", 1));
    String reg = dir.resolve("registry").toString();
    assertTrue(run(0, "models", "list", "--registry", reg).contains("No models"));
    assertTrue(run(0, "models", "register", "ecg", f.toString(), "--registry", reg).contains("v1"));
    run(0, "models", "register", "ecg", f.toString(), "--registry", reg);
    String list = run(0, "models", "list", "--registry", reg);
    assertTrue(list.contains("v1") && list.contains("v2") && list.contains("CANDIDATE"), list);
    assertTrue(list.contains("validationMse=0.5"), list);
    assertTrue(run(0, "models", "promote", "ecg", "2", "--registry", reg).contains("PRODUCTION"));
    String show = run(0, "models", "show", "ecg", "2", "--registry", reg);
    assertTrue(show.contains("PRODUCTION") && show.contains("seed:        7"), show);
    assertTrue(show.contains("metric.validationMse = 0.5"), show);
    String missing = run(1, "models", "show", "ecg", "9", "--registry", reg);
    assertTrue(missing.contains("No version 9"), missing);
  }
}
