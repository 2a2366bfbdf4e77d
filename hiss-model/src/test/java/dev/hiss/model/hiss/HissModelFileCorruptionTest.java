package dev.hiss.model.hiss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hiss.model.io.InvalidModelFileException;
import dev.hiss.model.io.ModelFile;
import dev.hiss.model.io.Provenance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A HiSS model file with flipped bits (2,000 random single-bit flips), cut short (300 random
 * lengths), or of the next format version is refused by {@link HissModelFile} with a clear message;
 * a damaged file that still loads must predict bit-identically to the original.
 */
class HissModelFileCorruptionTest {
  @TempDir Path dir;

  private static final float[] X = HissTestSupport.randomFloats(2 * 20 * 2, 9);

  private static Provenance provenance() {
    return new Provenance(
        Map.of("inputChannels", "a,b", "targetChannel", "y"),
        3,
        "",
        "",
        "test",
        Provenance.currentCodeVersion(),
        "2026-11-28T00:00:00Z");
  }

  /** True if refused with an InvalidModelFileException, false if it predicts identically. */
  private static boolean refused(Path f, float[] expected, String what) {
    try {
      HissForecaster loaded = HissModelFile.loadForecaster(f);
      assertArrayEquals(expected, loaded.predict(X, 2, 20), what + " loaded as another model");
      return false;
    } catch (InvalidModelFileException e) {
      assertTrue(e.getMessage().startsWith("Refused model file "), e.getMessage());
      return true;
    } catch (Exception | Error e) {
      fail(what + " escaped as " + e, e);
      return false;
    }
  }

  @Test
  void flippedBitsAndTruncationsAreRefused() throws Exception {
    HissForecaster f =
        HissForecaster.withoutPreprocessing(new HissModel(HissTestSupport.s4dMamba(2, 1, 5), 4));
    Path good = dir.resolve("good.json");
    HissModelFile.save(good, f, provenance());
    float[] expected = f.predict(X, 2, 20);
    assertArrayEquals(expected, HissModelFile.loadForecaster(good).predict(X, 2, 20));
    byte[] bytes = Files.readAllBytes(good);
    SplittableRandom r = new SplittableRandom(17);
    Path bad = dir.resolve("bad.json");
    int refused = 0;
    for (int t = 0; t < 2000; t++) {
      byte[] b = bytes.clone();
      int at = r.nextInt(b.length);
      int bit = r.nextInt(8);
      b[at] ^= (byte) (1 << bit);
      Files.write(bad, b);
      refused += refused(bad, expected, "byte " + at + " bit " + bit) ? 1 : 0;
    }
    assertTrue(refused > 1900, "refused " + refused + " of 2000 flips");
    for (int t = 0; t < 300; t++) {
      int n = r.nextInt(bytes.length);
      Files.write(bad, Arrays.copyOf(bytes, n));
      assertTrue(refused(bad, expected, "first " + n + " bytes"), "first " + n + " bytes");
    }
  }

  @Test
  void theNextFormatVersionIsRefused() throws Exception {
    HissModel model = new HissModel(HissTestSupport.flatS4d(2, 1, 5), 4);
    Path f = dir.resolve("future.json");
    HissModelFile.save(f, model, provenance());
    String s = Files.readString(f, StandardCharsets.UTF_8);
    Files.writeString(
        f,
        s.replace(
            "\"formatVersion\" : " + ModelFile.FORMAT_VERSION,
            "\"formatVersion\" : " + (ModelFile.FORMAT_VERSION + 1)),
        StandardCharsets.UTF_8);
    InvalidModelFileException e =
        assertThrows(InvalidModelFileException.class, () -> HissModelFile.loadForecaster(f));
    assertTrue(
        e.getMessage().contains("formatVersion = " + (ModelFile.FORMAT_VERSION + 1))
            && e.getMessage().contains("upgrade HiSS Forecast"),
        e.getMessage());
  }
}
