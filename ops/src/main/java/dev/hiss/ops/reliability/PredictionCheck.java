package dev.hiss.ops.reliability;

import java.util.List;
import java.util.Map;

/**
 * Compares committed predictions with what they must be.
 *
 * @param expected predictions that must be there, once each
 * @param committed committed records read (duplicates included)
 * @param lost expected keys with no committed record
 * @param duplicated committed records beyond the first of their key
 * @param mismatched expected keys whose first committed value differs from the expected one
 * @param unexpected committed keys that are not expected
 */
public record PredictionCheck(
    long expected, long committed, long lost, long duplicated, long mismatched, long unexpected) {

  /**
   * @param expected {@code deviceId/seq} to the value it must have
   * @param got {@code deviceId/seq} to the committed values
   * @param tolerance largest absolute difference taken as equal (0 = bit-identical)
   */
  public static PredictionCheck compare(
      Map<String, Double> expected, Map<String, List<Double>> got, double tolerance) {
    if (!(tolerance >= 0)) {
      throw new IllegalArgumentException("Invalid tolerance = " + tolerance + "; must be >= 0");
    }
    long committed = 0;
    long duplicated = 0;
    long mismatched = 0;
    long unexpected = 0;
    for (Map.Entry<String, List<Double>> e : got.entrySet()) {
      List<Double> v = e.getValue();
      committed += v.size();
      duplicated += v.size() - 1;
      Double want = expected.get(e.getKey());
      if (want == null) {
        unexpected++;
      } else if (!equal(want, v.get(0), tolerance)) {
        mismatched++;
      }
    }
    long found = got.size() - unexpected;
    return new PredictionCheck(
        expected.size(), committed, expected.size() - found, duplicated, mismatched, unexpected);
  }

  /** The first committed value of each key: the reference run's output as expected values. */
  public static Map<String, Double> firstValues(Map<String, List<Double>> got) {
    Map<String, Double> out = new java.util.HashMap<>();
    got.forEach((k, v) -> out.put(k, v.get(0)));
    return out;
  }

  private static boolean equal(double a, double b, double tolerance) {
    return tolerance == 0 ? Double.compare(a, b) == 0 : Math.abs(a - b) <= tolerance;
  }

  /** Whether every expected prediction is there exactly once with its value, and nothing else. */
  public boolean exact() {
    return lost == 0 && duplicated == 0 && mismatched == 0 && unexpected == 0;
  }
}
