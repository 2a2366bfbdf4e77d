package dev.hiss.forecasting.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvSeriesTest {
  private static final String WSN =
      String.join(
          "\n",
          "time,mote,hum,temp",
          "0,a,40.5,20",
          "1,a,NA,21",
          "0,b,41,",
          "1,b,NaN,22.5",
          "2,a,42,nan",
          "");

  private static SeriesTable read(String csv, CsvSpec spec) {
    return CsvSeries.read(new StringReader(csv), "x.csv", spec);
  }

  @Test
  void groupsSeriesKeepsTimesAndMasksMissingValues() {
    SeriesTable t = read(WSN, new CsvSpec("time", "mote", List.of("hum"), List.of("temp", "hum")));
    assertEquals(List.of("a", "b"), t.series().stream().map(Series::id).toList());
    Series a = t.series("a");
    assertEquals(List.of("0", "1", "2"), a.times());
    assertArrayEquals(new double[] {40.5, Double.NaN, 42}, a.inputs().columnValues(0));
    assertFalse(a.inputs().present()[1][0]);
    assertTrue(Double.isNaN(a.inputs().values()[1][0]), "a missing input must not become 0");
    assertArrayEquals(new double[] {20, 21, Double.NaN}, a.targets().columnValues(0));
    assertFalse(a.targets().present()[2][0]);
    Series b = t.series("b");
    assertEquals(2, b.rows());
    assertFalse(b.targets().present()[0][0]);
    assertArrayEquals(new double[] {41, Double.NaN}, b.targets().columnValues(1));
    assertEquals(5, t.rows());
    assertEquals(new ColumnCount("hum", 5, 2), t.count("hum"));
    assertEquals(new ColumnCount("temp", 5, 2), t.count("temp"));
    assertEquals(2, t.counts().size(), "hum is counted once although it is input and target");
  }

  @Test
  void withoutSeriesColumnTheFileIsOneSeriesAndQuotesAreRemoved() {
    SeriesTable t =
        read("\"halfhour\",\"MW\"\r\n0,22262\r\n1,21756\r\n", CsvSpec.univariate("halfhour", "MW"));
    assertEquals(1, t.series().size());
    assertEquals("x.csv", t.series().get(0).id());
    assertArrayEquals(new double[] {22262, 21756}, t.series().get(0).targets().columnValues(0));
    assertEquals(new ColumnCount("MW", 2, 0), t.count("MW"));
  }

  @Test
  void unknownColumnIsNamedWithTheAvailableColumns() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> read(WSN, new CsvSpec(null, null, List.of(), List.of("pressure"))));
    assertEquals(
        "Unknown column 'pressure' in x.csv; columns are [time, mote, hum, temp]", e.getMessage());
  }

  @Test
  void nonNumericValueNamesLineColumnAndValue() {
    String csv = "time,temp\n0,20\n1,abc\n";
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> read(csv, CsvSpec.univariate("time", "temp")));
    assertEquals("x.csv line 3: column 'temp' has non-numeric value 'abc'", e.getMessage());
    IllegalArgumentException inf =
        assertThrows(
            IllegalArgumentException.class,
            () -> read("v\nInfinity\n", CsvSpec.univariate(null, "v")));
    assertEquals("x.csv line 2: column 'v' has non-numeric value 'Infinity'", inf.getMessage());
  }

  @Test
  void wrongFieldCountAndEmptyFilesAreErrors() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> read("a,b\n1,2\n3\n", CsvSpec.univariate(null, "a")));
    assertEquals("x.csv line 3: expected 2 fields, found 1", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> read("", CsvSpec.univariate(null, "a")));
    assertThrows(IllegalArgumentException.class, () -> read("a\n", CsvSpec.univariate(null, "a")));
  }

  @Test
  void specValidatesTargets() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new CsvSpec(null, null, List.of("a"), List.of()));
    assertEquals("Invalid targetColumns = []; must name at least one", e.getMessage());
  }
}
