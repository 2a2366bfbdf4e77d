package dev.hiss.model.hiss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.io.InvalidModelFileException;
import dev.hiss.model.io.ModelFile;
import dev.hiss.model.io.Provenance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Save/load through {@link ModelFile}: bit-identical predictions, checksum and shape checks. */
class HissModelFileTest {

  @TempDir Path dir;

  static Provenance provenance() {
    return new Provenance(
        Map.of("preset", "test"),
        42,
        "",
        "",
        "unit test",
        Provenance.currentCodeVersion(),
        "2026-01-01T00:00:00Z");
  }

  @Test
  void roundTripGivesIdenticalPredictionsForEveryKernelType() throws Exception {
    for (HissConfig config :
        new HissConfig[] {
          HissTestSupport.s4dMamba(2, 2, 5),
          HissTestSupport.s4S4d(2, 2, 5),
          HissTestSupport.mambaS4(2, 2, 5),
          HissTestSupport.threeLevel(2, 2, 5, 2),
          HissTestSupport.s5Lstm(2, 2, 5),
          HissTestSupport.lstmS5(2, 2, 5),
          HissTestSupport.flatS5(2, 2, 5),
          HissTestSupport.flatLstm(2, 2, 5),
          HissTestSupport.transformerS4d(2, 2, 5),
          HissTestSupport.lstmTransformer(2, 2, 5),
          HissTestSupport.flatTransformer(2, 2, 5)
        }) {
      HissModel model = new HissModel(config, 123);
      // One training step so that no weight equals its seed-0 initialization.
      Seq2SeqData d =
          new Seq2SeqData(
              HissTestSupport.randomFloats(20 * 2, 1),
              HissTestSupport.randomFloats(config.outputLength(20) * 2, 2),
              null,
              1,
              20,
              2,
              config.outputLength(20),
              2);
      new HissTrainer(model, new TrainConfig(1e-2, 0.9, 0.999, 1e-8, 1, 1, 1)).fit(d);
      Path file = dir.resolve("m" + config.hashCode() + ".json");
      String sha = HissModelFile.save(file, model, provenance());
      HissModel loaded = HissModelFile.load(file);
      assertEquals(config, loaded.config());
      assertEquals(sha, ModelFile.read(file, HissModelFile.KIND).sha256());
      for (int i = 0; i < model.parameters().size(); i++) {
        assertArrayEquals(
            model.parameters().get(i).value(),
            loaded.parameters().get(i).value(),
            model.parameters().get(i).name());
      }
      float[] x = HissTestSupport.randomFloats(2 * 40 * 2, 3);
      assertArrayEquals(model.predict(x, 2, 40), loaded.predict(x, 2, 40));
    }
  }

  /**
   * hiss-model-v1.json was written by the code before preprocessing existed (commit 935afaa); its
   * predictions for a fixed input were recorded as float bits at the same time, with double
   * Linear/LayerNorm arithmetic and the series erf. The forward now runs Linear and LayerNorm in
   * float32 with the fast erf (|error| ≤ 1.5e-7), so the recorded bits are matched within 1e-6
   * (they differ by about one ulp), and the two loaders agree exactly.
   */
  @Test
  void fileOfTheFormatBeforePreprocessingStillLoadsAndPredictsIdentically() throws Exception {
    Path file = dir.resolve("v1.json");
    try (var in = getClass().getResourceAsStream("hiss-model-v1.json")) {
      Files.copy(in, file);
    }
    List<String> lines;
    try (var in = getClass().getResourceAsStream("hiss-model-v1-predictions.txt")) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList();
    }
    float[] expected = new float[lines.size()];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(lines.get(i), 16));
    }
    float[] x = new float[2 * 20 * 2];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (2 * Math.sin(0.37 * i));
    }
    assertEquals(8, expected.length);
    float[] predicted = HissModelFile.load(file).predict(x, 2, 20);
    assertArrayEquals(expected, predicted, 1e-6f);
    HissForecaster f = HissModelFile.loadForecaster(file);
    assertEquals(HissPreprocessing.identity(2, 1), f.preprocessing());
    assertArrayEquals(predicted, f.predict(x, 2, 20));
  }

  @Test
  void forecasterRoundTripKeepsThePreprocessingExactly() throws Exception {
    HissConfig config = HissTestSupport.flatS4d(2, 1, 5);
    HissModel model = new HissModel(config, 4);
    Seq2SeqData raw =
        new Seq2SeqData(
            HissTestSupport.randomFloats(2 * 20, 5),
            HissTestSupport.randomFloats(2 * 4, 6),
            null,
            2,
            20,
            1,
            4,
            1);
    HissForecaster f = new HissForecaster(model, HissPreprocessing.fit(raw, true, 0.75));
    Path file = dir.resolve("f.json");
    HissModelFile.save(file, f, provenance());
    HissForecaster loaded = HissModelFile.loadForecaster(file);
    assertEquals(f.preprocessing(), loaded.preprocessing());
    assertEquals(config, loaded.model().config());
    assertArrayEquals(f.predict(raw.inputs(), 2, 20), loaded.predict(raw.inputs(), 2, 20));
    assertEquals(config, HissModelFile.load(file).config(), "plain load ignores preprocessing");
  }

  @Test
  void preprocessingThatDoesNotFitIsRefused() throws Exception {
    HissModel model = new HissModel(HissTestSupport.s4dMamba(2, 1, 5), 1);
    Path file = dir.resolve("p.json");
    HissModelFile.save(file, HissForecaster.withoutPreprocessing(model), provenance());
    var payload =
        (com.fasterxml.jackson.databind.node.ObjectNode) ModelFile.read(file, "hiss").payload();
    var pre = (com.fasterxml.jackson.databind.node.ObjectNode) payload.get("preprocessing");
    assertTrue(pre.get("clip").isNull(), "identity: no clip");
    ((com.fasterxml.jackson.databind.node.ArrayNode) pre.get("inputStd")).set(0, 0.0);
    Path bad = dir.resolve("bad-std.json");
    ModelFile.write(bad, HissModelFile.KIND, provenance(), payload);
    InvalidModelFileException e =
        assertThrows(InvalidModelFileException.class, () -> HissModelFile.loadForecaster(bad));
    assertTrue(e.getMessage().contains("invalid preprocessing"), e.getMessage());
    pre.put("inputDeltas", true);
    ((com.fasterxml.jackson.databind.node.ArrayNode) pre.get("inputStd")).set(0, 1.0);
    Path wide = dir.resolve("bad-width.json");
    ModelFile.write(wide, HissModelFile.KIND, provenance(), payload);
    e = assertThrows(InvalidModelFileException.class, () -> HissModelFile.loadForecaster(wide));
    assertTrue(e.getMessage().contains("invalid preprocessing"), e.getMessage());
  }

  @Test
  void corruptedOrForeignFilesAreRefused() throws Exception {
    HissModel model = new HissModel(HissTestSupport.s4dMamba(2, 1, 5), 1);
    Path file = dir.resolve("m.json");
    HissModelFile.save(file, model, provenance());
    String json = Files.readString(file, StandardCharsets.UTF_8);
    int found = json.indexOf("float32le\" : \"");
    assertTrue(found >= 0, "no weights in the file");
    int at = found + 16;
    char c = json.charAt(at);
    Files.writeString(
        file, json.substring(0, at) + (c == 'A' ? 'B' : 'A') + json.substring(at + 1));
    InvalidModelFileException e =
        assertThrows(InvalidModelFileException.class, () -> HissModelFile.load(file));
    assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());

    Path other = dir.resolve("other.json");
    ModelFile.write(
        other,
        "s4d",
        provenance(),
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
    assertThrows(InvalidModelFileException.class, () -> HissModelFile.load(other));
  }

  @Test
  void weightsThatDoNotFitTheConfigAreRefused() throws Exception {
    HissModel model = new HissModel(HissTestSupport.s4dMamba(2, 1, 5), 1);
    Path file = dir.resolve("m.json");
    HissModelFile.save(file, model, provenance());
    var payload =
        (com.fasterxml.jackson.databind.node.ObjectNode) ModelFile.read(file, "hiss").payload();
    ((com.fasterxml.jackson.databind.node.ObjectNode) payload.get("config")).put("inputDim", 3);
    Path bad = dir.resolve("bad.json");
    ModelFile.write(bad, HissModelFile.KIND, provenance(), payload);
    InvalidModelFileException e =
        assertThrows(InvalidModelFileException.class, () -> HissModelFile.load(bad));
    assertTrue(e.getMessage().contains("wrong length"), e.getMessage());
  }
}
