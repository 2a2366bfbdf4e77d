package dev.hiss.model.io;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a saved model came from: enough to reproduce it.
 *
 * @param config the training configuration, flattened to strings (hyper-parameters, task, paths)
 * @param seed the random seed of training
 * @param dataFrom first event time of the training data (ISO-8601), or "" if unknown
 * @param dataTo last event time of the training data (ISO-8601), or "" if unknown
 * @param trainedOn what trained it (e.g. "spark local[*]" or a cluster master URL)
 * @param codeVersion the HiSS Forecast version that wrote it ({@link #currentCodeVersion()})
 * @param createdAt when it was written (ISO-8601)
 */
public record Provenance(
    Map<String, String> config,
    long seed,
    String dataFrom,
    String dataTo,
    String trainedOn,
    String codeVersion,
    String createdAt) {
  /** Copies the config into an immutable sorted map; rejects nulls. */
  public Provenance {
    if (config == null) {
      throw new IllegalArgumentException("Invalid config = null");
    }
    config = Collections.unmodifiableMap(new TreeMap<>(config));
    for (String[] f :
        new String[][] {
          {"dataFrom", dataFrom},
          {"dataTo", dataTo},
          {"trainedOn", trainedOn},
          {"codeVersion", codeVersion},
          {"createdAt", createdAt}
        }) {
      if (f[1] == null) {
        throw new IllegalArgumentException("Invalid " + f[0] + " = null");
      }
    }
  }

  /** The version of this build of HiSS Forecast, from the model module's build properties. */
  public static String currentCodeVersion() {
    return BuildInfo.VERSION;
  }
}
