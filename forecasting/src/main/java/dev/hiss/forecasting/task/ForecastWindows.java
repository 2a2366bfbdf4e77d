package dev.hiss.forecasting.task;

/**
 * Windows of a multi-horizon task, one per forecast origin.
 *
 * @param series the series id
 * @param origins {@code [N]}: row index of the last history sample of each window
 * @param history {@code [N][H][D_in]} input rows {@code origin−H+1 .. origin}, NaN where missing
 * @param historyPresent {@code [N][H][D_in]}
 * @param future {@code [N][h][D_out]} target rows {@code origin+1 .. origin+h}, NaN where missing
 * @param futurePresent {@code [N][h][D_out]}
 */
public record ForecastWindows(
    String series,
    int[] origins,
    double[][][] history,
    boolean[][][] historyPresent,
    double[][][] future,
    boolean[][][] futurePresent) {
  public int size() {
    return origins.length;
  }
}
