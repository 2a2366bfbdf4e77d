package dev.hiss.model.hiss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Validation messages of the configuration records, and the presets. */
class HissConfigTest {

  private static final LevelConfig S4D = LevelConfig.s4d(4, 1, 0.1).withStateSize(2);

  private static String message(Executable e) {
    return assertThrows(IllegalArgumentException.class, e).getMessage();
  }

  @Test
  void inputLengthMustBeAMultipleOfTheChunk() {
    HissConfig c = HissConfig.twoLevel(2, 1, S4D, S4D, 7);
    assertEquals(
        "Invalid chunk = 7: input length 100 is not a multiple of it",
        message(() -> c.outputLength(100)));
    assertEquals(3, c.outputLength(21));
    HissModel model = new HissModel(c, 1);
    assertEquals(
        "Invalid chunk = 7: input length 100 is not a multiple of it",
        message(() -> model.predict(new float[200], 1, 100)));
  }

  @Test
  void threeLevelLengthsNameTheFailingLevel() {
    HissConfig c = new HissConfig(2, 1, List.of(S4D, S4D, S4D), List.of(10, 4));
    assertEquals(40, c.totalChunk());
    assertEquals(2, c.outputLength(80));
    assertEquals(
        "Invalid chunk = 4: level-1 length 6 is not a multiple of it",
        message(() -> c.outputLength(60)));
  }

  @Test
  void configFieldsAreValidated() {
    assertEquals(
        "Invalid levels = []; need at least 1 (1 = flat, 2+ = hierarchical)",
        message(() -> new HissConfig(2, 1, List.of(), List.of())));
    assertEquals(
        "Invalid chunks = []; a flat model (1 level) needs exactly 1 chunk size, its output stride",
        message(() -> new HissConfig(2, 1, List.of(S4D), List.of())));
    assertEquals(
        "Invalid chunks = [10, 2]; need exactly levels − 1 = 1 chunk sizes",
        message(() -> new HissConfig(2, 1, List.of(S4D, S4D), List.of(10, 2))));
    assertEquals(
        "Invalid chunk = 0 (level 0); must be >= 1",
        message(() -> HissConfig.twoLevel(2, 1, S4D, S4D, 0)));
    assertEquals(
        "Invalid inputDim = 0; must be > 0",
        message(() -> HissConfig.twoLevel(0, 1, S4D, S4D, 10)));
    assertEquals(
        "Invalid outputDim = -1; must be > 0",
        message(() -> HissConfig.twoLevel(1, -1, S4D, S4D, 10)));
  }

  @Test
  void levelFieldsAreValidated() {
    assertEquals(
        "Invalid width = 0; must be > 0",
        message(() -> new LevelConfig(LevelConfig.LayerType.S4, 0, 1, 0, 2)));
    assertEquals(
        "Invalid depth = 0; must be > 0",
        message(() -> new LevelConfig(LevelConfig.LayerType.S4, 4, 0, 0, 2)));
    assertEquals(
        "Invalid dropout = 1.0; must be in [0, 1)",
        message(() -> new LevelConfig(LevelConfig.LayerType.S4D, 4, 1, 1.0, 2)));
    assertEquals(
        "Invalid dropout = 0.1 for a MAMBA level; mamba blocks have no dropout",
        message(() -> new LevelConfig(LevelConfig.LayerType.MAMBA, 4, 1, 0.1, 2)));
    assertEquals(
        "Invalid stateSize = 0; must be > 0",
        message(() -> new LevelConfig(LevelConfig.LayerType.S4D, 4, 1, 0, 0)));
    assertEquals(
        "Invalid type = null; must be one of S4, S4D, MAMBA, S5, LSTM, TRANSFORMER",
        message(() -> new LevelConfig(null, 4, 1, 0, 2)));
    assertEquals(
        "Invalid stateSize = 8 for an LSTM level; must equal width = 16 (the LSTM's hidden size)",
        message(() -> LevelConfig.lstm(16, 1, 0.1).withStateSize(8)));
    assertEquals(
        "Invalid dropout = 1.0; must be in [0, 1)",
        message(() -> LevelConfig.transformer(16, 1, 8, 1.0)));
    assertEquals(0.1, LevelConfig.transformer(16, 1, 8, 0.1).dropout());
    assertEquals(0.0, LevelConfig.transformer(16, 1, 8).dropout());
    assertEquals(
        "Invalid heads = 3; must divide width = 16",
        message(() -> new dev.hiss.model.attention.TransformerConfig(16, 3, 64, 8)));
  }

  @Test
  void everyPresetBuildsAModelWithTheDocumentedOutputShape() {
    for (String name : HissPresets.NAMES) {
      HissConfig c = HissPresets.preset(name, 3, 2);
      HissModel m = new HissModel(c, 1);
      int length = 2 * c.totalChunk();
      float[] y = m.predict(HissTestSupport.randomFloats(length * 3, 1), 1, length);
      assertEquals(2 * 2, y.length, name);
    }
    assertEquals(10, HissPresets.preset("TINY", 1, 1).chunks().get(0));
    assertEquals(
        "Invalid preset name = 'huge'; must be one of " + HissPresets.NAMES,
        message(() -> HissPresets.preset("huge", 1, 1)));
  }

  @Test
  void parameterCountOfAnS4LevelMatchesTheHandCount() {
    // HISS-MATH §1.3: an S4 layer has 2H² + 262H parameters (N = 32 complex modes, with its
    // LayerNorm). Two-level S4 model, H = 8: embed (D_in·H + H) + layer + decoder (H·H + H) for LL,
    // layer + head (H·D_out + D_out) for HL.
    int h = 8;
    HissConfig c = HissConfig.twoLevel(3, 2, LevelConfig.s4(h, 1, 0), LevelConfig.s4(h, 1, 0), 10);
    long layer = 2L * h * h + 262L * h;
    long expected = (3L * h + h) + layer + (h * h + h) + layer + (h * 2 + 2);
    assertEquals(expected, new HissModel(c, 1).parameterCount());
  }

  @Test
  void parameterCountsOfS5AndLstmLevelsMatchTheHandCount() {
    // S5 block: LayerNorm 2H + kernel (λ 2M, B̃ 2MH, C̃ 2HM, D H, log Δ M) + Linear(H→2H) 2H² + 2H.
    // LSTM block: LayerNorm 2H + W_ih 4H² + W_hh 4H² + b_ih, b_hh 8H.
    int h = 6;
    int m = 5;
    long s5 = 2L * h + (3L * m + 4L * m * h + h) + (2L * h * h + 2L * h);
    long lstm = 2L * h + 8L * h * h + 8L * h;
    HissConfig c =
        HissConfig.twoLevel(3, 2, LevelConfig.s5(h, 2, 0.1, m), LevelConfig.lstm(h, 1, 0), 10);
    long expected = (3L * h + h) + 2 * s5 + (h * h + h) + lstm + (h * 2 + 2);
    assertEquals(expected, new HissModel(c, 1).parameterCount());
  }

  @Test
  void parameterCountOfTransformerLevelsMatchesTheHandCount() {
    // Transformer block: LN₁ 2H + in_proj 3H² + 3H + out_proj H² + H + LN₂ 2H + linear1 4H² + 4H +
    // linear2 4H² + H = 12H² + 13H; each Transformer level adds a final LayerNorm 2H.
    int h = 4;
    long block = 12L * h * h + 13L * h;
    HissConfig c =
        HissConfig.twoLevel(
            3, 2, LevelConfig.transformer(h, 2, 5), LevelConfig.transformer(h, 1, 7), 10);
    long expected = (3L * h + h) + 2 * block + 2 * h + (h * h + h) + block + 2 * h + (h * 2 + 2);
    assertEquals(expected, new HissModel(c, 1).parameterCount());
    assertEquals(1, LevelConfig.LayerType.transformerHeads(24));
    assertEquals(2, LevelConfig.LayerType.transformerHeads(32));
  }
}
