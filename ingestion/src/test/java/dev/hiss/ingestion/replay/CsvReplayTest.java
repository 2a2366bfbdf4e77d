package dev.hiss.ingestion.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.ingestion.SensorEvent;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvReplayTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final long T0_NS = T0.getEpochSecond() * 1_000_000_000L;

  private static CsvTable csv(String text) throws Exception {
    return CsvTable.read("t.csv", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void quotedFieldsAndRaggedRows() throws Exception {
    CsvTable t = csv("\"a\",\"b, c\"\n\"x \"\"y\"\"\",2\n");
    assertEquals(List.of("a", "b, c"), t.header());
    assertEquals("x \"y\"", t.cell(0, 0));
    IllegalArgumentException ex =
        assertThrows(IllegalArgumentException.class, () -> csv("a,b\n1,2\n3\n"));
    assertTrue(ex.getMessage().contains("line 3"), ex.getMessage());
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> csv("a,b\n1,2\n").column("c"));
    assertTrue(unknown.getMessage().contains("[a, b]"), unknown.getMessage());
  }

  @Test
  void longLayoutGroupsRowsByDeviceWithNumericTimes() throws Exception {
    // like wsn_single_hop.csv: reading index every 5 s, per mote
    CsvTable t =
        csv("reading,mote_id,humidity,temperature\n1,1,45.9,27.9\n2,1,46.0,NA\n1,2,40.1,25.0\n");
    List<DeviceSeries> s =
        new CsvReplay("reading", 5, 1, T0, "mote_id", null, List.of(), "mote", 1).series(t);
    assertEquals(2, s.size());
    assertEquals("mote-1", s.get(0).deviceId());
    SensorEvent second = s.get(0).event(1);
    assertEquals(Map.of("humidity", 46.0), second.channels()); // missing temperature left out
    assertEquals(T0_NS + 10_000_000_000L, second.timestampNs());
    assertEquals(1, second.seq());
    assertEquals(25.0, s.get(1).event(0).channel("temperature"));
  }

  @Test
  void wideLayoutMakesEveryColumnADeviceWithIsoDates() throws Exception {
    CsvTable t =
        csv("\"date\",\"DESH001\",\"DENI063\"\n\"1998-01-01\",NA,12.5\n\"1998-01-02\",8,NA\n");
    List<DeviceSeries> s =
        new CsvReplay("date", 1, 1, T0, null, "pm10", List.of(), "", 1).series(t);
    assertEquals(List.of("DESH001", "DENI063"), s.stream().map(DeviceSeries::deviceId).toList());
    assertNull(s.get(0).event(0)); // all missing: not sent
    SensorEvent e = s.get(1).event(0);
    assertEquals(12.5, e.channel("pm10"));
    assertEquals(Instant.parse("1998-01-01T00:00:00Z"), e.timestamp());
  }

  @Test
  void splitLayoutCutsRowsIntoDevicesStartingAtTheSameTime() throws Exception {
    CsvTable t = csv("t_s,v\n0,1\n0.5,2\n1.0,3\n1.5,4\n2.0,5\n");
    List<DeviceSeries> s =
        new CsvReplay("t_s", 1, 1, T0, null, null, List.of(), "ecg", 2).series(t);
    assertEquals(2, s.size());
    assertEquals(2, s.get(1).length());
    assertEquals(3.0, s.get(1).event(0).channel("v"));
    assertEquals(T0_NS, s.get(1).event(0).timestampNs());
    assertEquals(T0_NS + 500_000_000L, s.get(1).event(1).timestampNs());
  }

  @Test
  void badTimesAndOptionsAreClearErrors() throws Exception {
    CsvTable t = csv("time,v\nyesterday,1\n");
    IllegalArgumentException ex =
        assertThrows(
            IllegalArgumentException.class,
            () -> new CsvReplay("time", 1, 1, T0, null, null, List.of(), "d", 1).series(t));
    assertTrue(ex.getMessage().contains("'yesterday'"), ex.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new CsvReplay(null, 1, 0, T0, null, null, List.of(), "d", 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CsvReplay(null, 1, 1, T0, "a", "b", List.of(), "d", 1));
  }

  @Test
  void bundledEcgFleetMatchesTheRecording() {
    FleetReplay f = new FleetReplay(Recording.bundledEcg(), 4, 100, "ecg", T0_NS);
    List<DeviceSeries> s = f.toDeviceSeries();
    assertEquals(4, s.size());
    for (int d = 0; d < 4; d++) {
      for (int i = 0; i < 100; i++) {
        assertEquals(f.event(d, i), s.get(d).event(i));
      }
    }
  }
}
