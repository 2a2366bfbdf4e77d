package dev.hiss.ingestion.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.ingestion.SensorEvent;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class RecordingTest {
  @Test
  void bundledEcgIsTheAttributedFileByteForByte() throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (InputStream in =
        new GZIPInputStream(
            RecordingTest.class.getResourceAsStream(
                "/dev/hiss/ingestion/recordings/ecg_mitbih208_360hz.csv.gz"))) {
      sha.update(in.readAllBytes());
    }
    // SHA-256 of ecg_mitbih208_360hz.csv in shared/datasets/SHA256SUMS, quoted in ATTRIBUTION.md
    assertEquals(
        "73db9713a978b4f924c1516a4c0adfc42cd3afec002f7974fcbf17111a846cdf",
        HexFormat.of().formatHex(sha.digest()));
  }

  @Test
  void bundledEcgParsesAt360Hz() {
    Recording r = Recording.bundledEcg();
    assertEquals(108_000, r.length());
    assertEquals("ecg_mV", r.channel());
    assertEquals(360.0, r.sampleRateHz(), 0.01);
    assertEquals(-0.245, r.values()[0]);
    assertEquals(-0.215, r.values()[1]);
  }

  @Test
  void badCsvNamesTheLine() {
    String csv = "t_s,v\n0,1\n0.1,x\n";
    IllegalArgumentException ex =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Recording.readCsv(
                    "bad", new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8))));
    assertTrue(ex.getMessage().contains("line 3"), ex.getMessage());
    String backwards = "t_s,v\n0,1\n0,2\n";
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Recording.readCsv(
                "bad", new ByteArrayInputStream(backwards.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void fleetCutsContiguousSegmentsWithOwnSequencesAndTimes() {
    Recording r =
        new Recording(
            "r",
            "x",
            new double[] {0, 1, 2, 3, 4, 5, 6},
            new double[] {10, 11, 12, 13, 14, 15, 16});
    FleetReplay f = new FleetReplay(r, 3, 0, "dev", 1_000_000_000L);
    assertEquals(2, f.samplesPerDevice());
    assertEquals(6, f.totalEvents());
    SensorEvent e = f.event(2, 1);
    assertEquals("dev-2", e.deviceId());
    assertEquals(1, e.seq());
    assertEquals(15.0, e.channel("x"));
    assertEquals(2_000_000_000L, e.timestampNs()); // start + (t[5] - t[4]) s
    assertEquals(15.0, f.value(2, 1));
    assertThrows(IllegalArgumentException.class, () -> new FleetReplay(r, 3, 3, "dev", 1));
  }
}
