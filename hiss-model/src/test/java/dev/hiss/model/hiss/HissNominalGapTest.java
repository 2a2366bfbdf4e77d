package dev.hiss.model.hiss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hiss.model.io.InvalidModelFileException;
import dev.hiss.model.io.ModelFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nominal sampling gap of a Δt model ({@link HissForecaster#nominalGapSeconds()}): it survives
 * the model file exactly, files without it load without one, it is refused for models without Δt
 * and for values that are not finite and positive, and the Δt scale formula divides gaps by it.
 */
class HissNominalGapTest {
  @TempDir Path dir;

  private static HissForecaster dtForecaster() {
    HissModel m = new HissModel(HissTestSupport.s4dMamba(2, 1, 3).withDt(true), 5);
    return HissForecaster.withoutPreprocessing(m);
  }

  @Test
  void theGapSurvivesTheFileExactlyAndOldFilesLoadWithout() throws Exception {
    double gap = 0.1 + 1e-12; // not a short decimal: must round-trip bit for bit
    HissForecaster f = dtForecaster().withNominalGap(gap);
    Path file = dir.resolve("dt.json");
    HissModelFile.save(file, f, HissModelFileTest.provenance());
    HissForecaster loaded = HissModelFile.loadForecaster(file);
    assertTrue(loaded.hasNominalGap());
    assertEquals(Double.doubleToLongBits(gap), Double.doubleToLongBits(loaded.nominalGapSeconds()));
    assertTrue(loaded.model().config().dt());

    Path without = dir.resolve("no-gap.json");
    HissModelFile.save(without, dtForecaster(), HissModelFileTest.provenance());
    assertFalse(
        ModelFile.read(without, HissModelFile.KIND).payload().has("nominalGapSeconds"),
        "no field written without a gap");
    HissForecaster old = HissModelFile.loadForecaster(without);
    assertFalse(old.hasNominalGap());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> old.dtScale(1000));
    assertTrue(e.getMessage().contains("nominal gap"), e.getMessage());
  }

  @Test
  void badGapsInAFileAreRefused() throws Exception {
    Path file = dir.resolve("dt.json");
    HissModelFile.save(file, dtForecaster().withNominalGap(2), HissModelFileTest.provenance());
    ObjectNode payload = (ObjectNode) ModelFile.read(file, HissModelFile.KIND).payload();
    for (String bad : new String[] {"-1", "0", "\"soon\""}) {
      payload.set(
          "nominalGapSeconds", new com.fasterxml.jackson.databind.ObjectMapper().readTree(bad));
      Path b = dir.resolve("bad.json");
      ModelFile.write(b, HissModelFile.KIND, HissModelFileTest.provenance(), payload);
      InvalidModelFileException e =
          assertThrows(InvalidModelFileException.class, () -> HissModelFile.loadForecaster(b));
      assertTrue(e.getMessage().contains("nominalGapSeconds"), bad + ": " + e.getMessage());
    }
    // a gap on a model without Δt
    HissModel plain = new HissModel(HissTestSupport.s4dMamba(2, 1, 3), 5);
    Path p = dir.resolve("plain.json");
    HissModelFile.save(
        p, HissForecaster.withoutPreprocessing(plain), HissModelFileTest.provenance());
    ObjectNode pp = (ObjectNode) ModelFile.read(p, HissModelFile.KIND).payload();
    pp.put("nominalGapSeconds", 1.0);
    ModelFile.write(p, HissModelFile.KIND, HissModelFileTest.provenance(), pp);
    InvalidModelFileException e =
        assertThrows(InvalidModelFileException.class, () -> HissModelFile.loadForecaster(p));
    assertTrue(e.getMessage().contains("only a model with Δt"), e.getMessage());
  }

  @Test
  void constructorChecksAndTheScaleFormula() {
    HissForecaster f = dtForecaster();
    for (double bad : new double[] {0, -2, Double.POSITIVE_INFINITY, Double.NaN}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> f.withNominalGap(bad));
      assertTrue(e.getMessage().contains("Invalid nominalGapSeconds = " + bad), e.getMessage());
    }
    HissForecaster g = f.withNominalGap(0.5);
    assertEquals(1f, g.dtScale(500_000_000L));
    assertEquals(3f, g.dtScale(1_500_000_000L));
    assertEquals((float) (123_456_789L / 1e9 / 0.5), g.dtScale(123_456_789L));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.dtScale(0));
    assertTrue(e.getMessage().contains("Invalid gap = 0 ns"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> HissForecaster.dtScale(Long.MAX_VALUE, 1e-300));
    assertTrue(e.getMessage().contains("finite float"), e.getMessage());
    HissModel plain = new HissModel(HissTestSupport.s4dMamba(2, 1, 3), 5);
    assertThrows(
        IllegalArgumentException.class,
        () -> HissForecaster.withoutPreprocessing(plain).withNominalGap(1));
  }
}
