package dev.hiss.forecasting.data;

/**
 * Fractions of a series (or of its episodes) given to training, validation and test, in that time
 * order. The fractions may sum to less than one; the rest at the end is unused.
 *
 * @param train fraction for training, in (0, 1]
 * @param validation fraction for validation, in [0, 1)
 * @param test fraction for test, in [0, 1)
 */
public record SplitFractions(double train, double validation, double test) {
  private static final double EPS = 1e-9;

  /** Validates ranges and that the sum is at most 1. */
  public SplitFractions {
    if (!(train > 0 && train <= 1)) {
      throw new IllegalArgumentException("Invalid train = " + train + "; must be in (0, 1]");
    }
    if (!(validation >= 0 && validation < 1)) {
      throw new IllegalArgumentException(
          "Invalid validation = " + validation + "; must be in [0, 1)");
    }
    if (!(test >= 0 && test < 1)) {
      throw new IllegalArgumentException("Invalid test = " + test + "; must be in [0, 1)");
    }
    if (train + validation + test > 1 + EPS) {
      throw new IllegalArgumentException(
          "Invalid fractions " + train + "," + validation + "," + test + "; the sum must be <= 1");
    }
  }

  /** Parses {@code "0.6,0.2,0.2"}. */
  public static SplitFractions parse(String text) {
    String[] p = text.split(",", -1);
    if (p.length != 3) {
      throw new IllegalArgumentException(
          "Invalid split '" + text + "'; expected three fractions such as 0.6,0.2,0.2");
    }
    try {
      return new SplitFractions(
          Double.parseDouble(p[0].strip()),
          Double.parseDouble(p[1].strip()),
          Double.parseDouble(p[2].strip()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid split '" + text + "'; not a number", e);
    }
  }

  /** Cut points {@code [trainEnd, validationEnd, testEnd]} for {@code n} items. */
  int[] cuts(int n) {
    int a = (int) Math.floor(n * train + EPS);
    int b = (int) Math.floor(n * (train + validation) + EPS);
    int c =
        train + validation + test >= 1 - EPS
            ? n
            : (int) Math.floor(n * (train + validation + test) + EPS);
    return new int[] {a, Math.max(a, b), Math.max(b, c)};
  }
}
