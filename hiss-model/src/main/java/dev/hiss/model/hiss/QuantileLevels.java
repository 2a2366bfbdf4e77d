package dev.hiss.model.hiss;

import java.util.ArrayList;
import java.util.List;

/**
 * The quantile levels τ_1 &lt; … &lt; τ_Q of a {@link OutputHead#QUANTILE} head, each in (0, 1).
 *
 * @param levels the levels, strictly increasing, at least one
 */
public record QuantileLevels(List<Double> levels) {

  /** The default levels 0.1, 0.5, 0.9 (an 80 % central interval and the median). */
  public static final QuantileLevels DEFAULT = new QuantileLevels(List.of(0.1, 0.5, 0.9));

  /** Validates the levels and copies the list. */
  public QuantileLevels {
    if (levels == null || levels.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid quantiles = " + levels + "; need at least one level in (0, 1)");
    }
    for (int i = 0; i < levels.size(); i++) {
      Double t = levels.get(i);
      if (t == null || !(t > 0 && t < 1)) {
        throw new IllegalArgumentException("Invalid quantile = " + t + "; must be in (0, 1)");
      }
      if (i > 0 && !(t > levels.get(i - 1))) {
        throw new IllegalArgumentException(
            "Invalid quantiles = " + levels + "; must be strictly increasing");
      }
    }
    levels = List.copyOf(levels);
  }

  /**
   * Parses comma-separated levels, e.g. {@code "0.1,0.5,0.9"}.
   *
   * @throws IllegalArgumentException naming the bad value
   */
  public static QuantileLevels parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "Invalid quantiles = '" + text + "'; need at least one level in (0, 1)");
    }
    List<Double> out = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      try {
        out.add(Double.parseDouble(part.strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "Invalid quantile = '" + part.strip() + "'; must be a number in (0, 1)", e);
      }
    }
    return new QuantileLevels(out);
  }

  /** Q, the number of levels. */
  public int count() {
    return levels.size();
  }

  /** τ_i (0-based). */
  public double level(int i) {
    return levels.get(i);
  }

  /** The levels as an array. */
  public double[] toArray() {
    double[] a = new double[levels.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = levels.get(i);
    }
    return a;
  }

  /**
   * The index of the level nearest 0.5 (the lower one on a tie): the head's point prediction.
   *
   * @return an index in [0, Q)
   */
  public int medianIndex() {
    int best = 0;
    for (int i = 1; i < levels.size(); i++) {
      if (Math.abs(levels.get(i) - 0.5) < Math.abs(levels.get(best) - 0.5)) {
        best = i;
      }
    }
    return best;
  }

  /** The levels as text, e.g. {@code "0.1,0.5,0.9"}. */
  public String text() {
    StringBuilder b = new StringBuilder();
    for (double t : levels) {
      b.append(b.isEmpty() ? "" : ",").append(t);
    }
    return b.toString();
  }
}
