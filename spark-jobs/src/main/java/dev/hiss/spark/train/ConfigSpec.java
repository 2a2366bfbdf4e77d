package dev.hiss.spark.train;

import dev.hiss.model.hiss.HissConfig;
import dev.hiss.model.hiss.LevelConfig;
import dev.hiss.model.hiss.OutputHead;
import dev.hiss.model.hiss.QuantileLevels;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link HissConfig} in Java-serializable form, for Spark closures ({@link HissConfig} itself is
 * not {@link Serializable}): any head (POINT, GAUSSIAN or QUANTILE with its levels), with or
 * without the Δt input channel.
 */
final class ConfigSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int inputDim;
  private final int outputDim;
  private final String[] types;
  private final int[] widths;
  private final int[] depths;
  private final double[] dropouts;
  private final int[] stateSizes;
  private final int[] chunks;

  /** Whether the input carries the Δt channel (absent, i.e. false, in older serialized forms). */
  private final boolean dt;

  /** The head's name (null, i.e. POINT, in older serialized forms). */
  private final String head;

  /** The levels of a QUANTILE head, else null. */
  private final double[] quantiles;

  ConfigSpec(HissConfig c) {
    inputDim = c.inputDim();
    outputDim = c.outputDim();
    int n = c.levels().size();
    types = new String[n];
    widths = new int[n];
    depths = new int[n];
    dropouts = new double[n];
    stateSizes = new int[n];
    for (int i = 0; i < n; i++) {
      LevelConfig l = c.levels().get(i);
      types[i] = l.type().name();
      widths[i] = l.width();
      depths[i] = l.depth();
      dropouts[i] = l.dropout();
      stateSizes[i] = l.stateSize();
    }
    chunks = c.chunks().stream().mapToInt(Integer::intValue).toArray();
    dt = c.dt();
    head = c.head().name();
    quantiles = c.quantiles() == null ? null : c.quantiles().toArray();
  }

  HissConfig config() {
    List<LevelConfig> levels = new ArrayList<>();
    for (int i = 0; i < types.length; i++) {
      levels.add(
          new LevelConfig(
              LevelConfig.LayerType.valueOf(types[i]),
              widths[i],
              depths[i],
              dropouts[i],
              stateSizes[i]));
    }
    List<Integer> ks = new ArrayList<>();
    for (int k : chunks) {
      ks.add(k);
    }
    HissConfig c = new HissConfig(inputDim, outputDim, levels, ks);
    OutputHead h = head == null ? OutputHead.POINT : OutputHead.valueOf(head);
    if (h == OutputHead.QUANTILE) {
      List<Double> ls = new ArrayList<>();
      for (double q : quantiles) {
        ls.add(q);
      }
      c = c.withQuantiles(new QuantileLevels(ls));
    } else if (h != OutputHead.POINT) {
      c = c.withHead(h);
    }
    return dt ? c.withDt(true) : c;
  }
}
