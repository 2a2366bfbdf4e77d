package dev.hiss.spark.dl4j;

import java.util.Locale;

/** How {@link Dl4jSparkTrainJob} trains the network. */
public enum TrainingMasterKind {
  /**
   * DL4J's {@code ParameterAveragingTrainingMaster}: every worker fits its own copy for {@code
   * averagingFrequency} mini-batches, then the driver averages parameters and updater state.
   */
  AVERAGING,
  /**
   * DL4J's {@code SharedTrainingMaster}: workers exchange threshold-encoded updates through an
   * Aeron parameter server while they train (asynchronous gradient sharing).
   */
  SHARING,
  /** No Spark training: the same network, data and seed fitted in the driver (the reference). */
  SINGLE;

  /** The CLI name: averaging, sharing, single. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a CLI name (case-insensitive).
   *
   * @param name averaging, sharing or single
   * @return the kind
   * @throws IllegalArgumentException naming the value and the choices
   */
  public static TrainingMasterKind parse(String name) {
    for (TrainingMasterKind k : values()) {
      if (k.cliName().equalsIgnoreCase(name == null ? "" : name.strip())) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "Invalid training master = '" + name + "'; must be one of averaging, sharing, single");
  }
}
