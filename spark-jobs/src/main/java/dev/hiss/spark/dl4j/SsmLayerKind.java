package dev.hiss.spark.dl4j;

import dev.hiss.model.dl4j.MambaLayerConf;
import dev.hiss.model.dl4j.S4DLayerConf;
import dev.hiss.model.dl4j.S4LayerConf;
import dev.hiss.model.dl4j.S5LayerConf;
import dev.hiss.model.dl4j.SsmLayerConf;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.activations.Activation;

/** The project's DL4J state-space layers ({@code dev.hiss.model.dl4j}) by their CLI names. */
public enum SsmLayerKind {
  /** {@link S4DLayerConf}: diagonal complex SSM. */
  S4D,
  /** {@link S4LayerConf}: DPLR (S4) SSM. */
  S4,
  /** {@link S5LayerConf}: MIMO diagonal SSM. */
  S5,
  /** {@link MambaLayerConf}: selective SSM. */
  MAMBA;

  /** The CLI name: s4d, s4, s5, mamba. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses one CLI name (case-insensitive).
   *
   * @param name s4d, s4, s5 or mamba
   * @return the kind
   * @throws IllegalArgumentException naming the value and the choices
   */
  public static SsmLayerKind parse(String name) {
    for (SsmLayerKind k : values()) {
      if (k.cliName().equalsIgnoreCase(name == null ? "" : name.strip())) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "Invalid layer = '" + name + "'; must be one of s4d, s4, s5, mamba");
  }

  /**
   * Parses a comma-separated layer list, e.g. {@code "s4d,s4d"}.
   *
   * @param spec one or more names separated by commas
   * @return the kinds in order
   */
  public static List<SsmLayerKind> parseList(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException(
          "Invalid layers = '" + spec + "'; must be a comma-separated list of s4d, s4, s5, mamba");
    }
    List<SsmLayerKind> out = new ArrayList<>();
    for (String s : spec.split(",", -1)) {
      out.add(parse(s));
    }
    return out;
  }

  /**
   * A layer of this kind mapping H channels to H channels, with the kernel's defaults otherwise.
   *
   * @param channels H
   * @param stateSize the state size (S4D/S4: complex modes N; S5: P; Mamba: dState)
   * @param activation the layer activation
   * @param seed explicit initialization seed
   * @return the layer configuration; shapes [batch, H, time] in and out
   */
  public SsmLayerConf layer(int channels, int stateSize, Activation activation, long seed) {
    SsmLayerConf.Builder<?> b =
        switch (this) {
          case S4D -> new S4DLayerConf.Builder();
          case S4 -> new S4LayerConf.Builder();
          case S5 -> new S5LayerConf.Builder();
          case MAMBA -> new MambaLayerConf.Builder();
        };
    return b.channels(channels).stateSize(stateSize).activation(activation).seed(seed).build();
  }
}
