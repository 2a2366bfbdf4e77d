package dev.hiss.ingestion.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GcPausesTest {
  private static final List<String> LOG =
      List.of(
          "[0.412s] Using Serial",
          "[1.512s] GC(0) Pause Young (Allocation Failure) 12M->3M(123M) 4.125ms",
          "[9.001s] GC(1) Pause Full (Allocation Failure) 500M->490M(512M) 1830.500ms",
          "[9.800s] GC(2) Pause Young (Allocation Failure) 40M->30M(512M) 12.000ms");

  @Test
  void parsesEveryPauseDurationAndIgnoresOtherLines() {
    assertEquals(List.of(4.125, 1830.5, 12.0), GcPauses.pausesMs(LOG));
  }

  @Test
  void summaryCountsTotalsAndListsTheLongestFirst() {
    String s = GcPauses.summary(LOG);
    assertTrue(s.startsWith("broker GC: 3 pauses, 1847 ms in total"), s);
    String[] lines = s.split("\n");
    assertTrue(lines[1].contains("1830.500ms"), s);
    assertTrue(lines[2].contains("12.000ms"), s);
    assertTrue(lines[3].contains("4.125ms"), s);
  }

  @Test
  void aMissingLogSaysSo() {
    assertTrue(
        GcPauses.summary(java.nio.file.Path.of("/nonexistent/gc.log"))
            .startsWith("(no broker GC log"));
  }
}
