package dev.hiss.forecasting.evaluate;

import java.util.List;
import java.util.Map;

/**
 * What the evaluation read and used.
 *
 * @param rows data rows read from the CSV (all series)
 * @param series series in the file
 * @param episodes episodes (seq2seq) or test windows (forecast) used, all parts together
 * @param trainEpisodes training episodes (forecast: training series parts)
 * @param validationEpisodes validation episodes (forecast: validation series parts)
 * @param testEpisodes test episodes (forecast: test windows)
 * @param missing per selected column, the rows where it was missing (masked, never dropped)
 * @param maskedTargetSteps training target steps masked out of the loss because a target was
 *     missing
 * @param unusedRows rows in no episode: tails shorter than one episode, and series too short to
 *     split
 * @param skippedSeries ids of series too short to give a training, validation and test part
 */
public record DataSummary(
    long rows,
    int series,
    int episodes,
    int trainEpisodes,
    int validationEpisodes,
    int testEpisodes,
    Map<String, Long> missing,
    long maskedTargetSteps,
    long unusedRows,
    List<String> skippedSeries) {
  /** Copies the collections. */
  public DataSummary {
    missing = Map.copyOf(missing);
    skippedSeries = List.copyOf(skippedSeries);
  }
}
