package dev.hiss.model.hiss;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hiss.model.io.InvalidModelFileException;
import dev.hiss.model.io.ModelFile;
import dev.hiss.model.io.Provenance;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Saves and loads {@link HissModel}s through {@link ModelFile} with kind {@value #KIND}. Payload:
 *
 * <pre>{@code
 * {"config": {"inputDim":..,"outputDim":..,"chunks":[..],"head":"POINT"|"GAUSSIAN"|"QUANTILE",
 *             "quantiles":[0.1,0.5,0.9] (QUANTILE only),"dt":false|true,
 *             "levels":[{"type":"S4","width":..,"depth":..,"dropout":..,"stateSize":..}, ..]},
 *  "weights": {"<parameter name>": {"length": n, "float32le": "<base64>"}, ..},
 *  "preprocessing": {"rawInputDim":..,"inputDeltas":..,"clip":..|null,
 *                    "inputMean":[..],"inputStd":[..],"targetMean":[..],"targetStd":[..]},
 *  "nominalGapSeconds": 60.0 (a Δt model's nominal sampling gap, only when recorded)}
 * }</pre>
 *
 * The {@code head} field ({@link OutputHead}) is optional: files written before heads existed load
 * with a POINT head; {@code quantiles} is written only for a QUANTILE head. The {@code dt} field
 * ({@link HissConfig#dt()}, whether the input carries a Δt scale channel) is optional: files
 * written before it existed load as models without Δt. The {@code preprocessing} object ({@link
 * HissPreprocessing}; clip null = none) is optional: files written before it existed, or by {@link
 * #save(Path, HissModel, Provenance)}, load as forecasters with the identity preprocessing. Its
 * floats are written as the JSON numbers of their exact double values, so they reload
 * bit-identically. The {@code nominalGapSeconds} field ({@link HissForecaster#nominalGapSeconds()})
 * is written only by {@link #save(Path, HissForecaster, Provenance)} for a forecaster that records
 * one; a file without it loads with none (NaN), and a file that has one for a model without Δt, or
 * one that is not a finite number &gt; 0, is invalid.
 *
 * <p>Weights are the exact float32 bits (little-endian), so a loaded model predicts
 * bit-identically.
 */
public final class HissModelFile {

  /** The model-file kind of HiSS models. */
  public static final String KIND = "hiss";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private HissModelFile() {}

  /**
   * Writes a model atomically.
   *
   * @param file target path
   * @param model the model
   * @param provenance where it came from
   * @return the file's SHA-256 (hex)
   * @throws IOException on write failure
   */
  public static String save(Path file, HissModel model, Provenance provenance) throws IOException {
    return ModelFile.write(file, KIND, provenance, payload(model));
  }

  /**
   * Writes a forecaster (model and preprocessing) atomically.
   *
   * @param file target path
   * @param forecaster the model with its preprocessing
   * @param provenance where it came from
   * @return the file's SHA-256 (hex)
   * @throws IOException on write failure
   */
  public static String save(Path file, HissForecaster forecaster, Provenance provenance)
      throws IOException {
    ObjectNode payload = payload(forecaster.model());
    payload.set("preprocessing", preprocessingJson(forecaster.preprocessing()));
    if (forecaster.hasNominalGap()) {
      payload.put("nominalGapSeconds", forecaster.nominalGapSeconds());
    }
    return ModelFile.write(file, KIND, provenance, payload);
  }

  private static ObjectNode payload(HissModel model) {
    ObjectNode payload = JSON.objectNode();
    payload.set("config", configJson(model.config()));
    ObjectNode weights = payload.putObject("weights");
    for (Parameter p : model.parameters()) {
      ByteBuffer buf = ByteBuffer.allocate(4 * p.value().length).order(ByteOrder.LITTLE_ENDIAN);
      buf.asFloatBuffer().put(p.value());
      ObjectNode w = weights.putObject(p.name());
      w.put("length", p.value().length);
      w.put("float32le", Base64.getEncoder().encodeToString(buf.array()));
    }
    return payload;
  }

  /**
   * Reads and verifies a forecaster: the model and its preprocessing (identity when the file has
   * none).
   *
   * @param file the model file
   * @return the forecaster
   * @throws IOException on read failure
   * @throws InvalidModelFileException if the file is corrupt, of another kind, or inconsistent
   */
  public static HissForecaster loadForecaster(Path file) throws IOException {
    ModelFile.Loaded loaded = ModelFile.read(file, KIND);
    HissModel model = modelFrom(file, loaded.payload());
    JsonNode p = loaded.payload().get("preprocessing");
    HissForecaster f;
    if (p == null || p.isNull()) {
      f = HissForecaster.withoutPreprocessing(model);
    } else {
      try {
        f = new HissForecaster(model, preprocessingFromJson(p));
      } catch (IllegalArgumentException e) {
        throw new InvalidModelFileException(file, "invalid preprocessing: " + e.getMessage());
      }
    }
    JsonNode gap = loaded.payload().get("nominalGapSeconds");
    if (gap == null || gap.isNull()) {
      return f; // written before nominal gaps existed, or a model without one
    }
    if (!gap.isNumber()) {
      throw new InvalidModelFileException(
          file, "invalid nominalGapSeconds = " + gap + "; must be a number");
    }
    try {
      return f.withNominalGap(gap.asDouble());
    } catch (IllegalArgumentException e) {
      throw new InvalidModelFileException(file, e.getMessage());
    }
  }

  /**
   * Reads and verifies a model.
   *
   * @param file the model file
   * @return the model with the saved weights
   * @throws IOException on read failure
   * @throws InvalidModelFileException if the file is corrupt, of another kind, or its weights do
   *     not match its configuration
   */
  public static HissModel load(Path file) throws IOException {
    return modelFrom(file, ModelFile.read(file, KIND).payload());
  }

  private static HissModel modelFrom(Path file, JsonNode payload) throws IOException {
    HissConfig config;
    try {
      config = configFromJson(payload.path("config"));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidModelFileException(file, "invalid config: " + e.getMessage());
    }
    HissModel model = new HissModel(config, 0);
    JsonNode weights = payload.path("weights");
    Set<String> seen = new HashSet<>();
    for (Parameter p : model.parameters()) {
      JsonNode w = weights.get(p.name());
      if (w == null) {
        throw new InvalidModelFileException(file, "missing weights '" + p.name() + "'");
      }
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(w.path("float32le").asText());
      } catch (IllegalArgumentException e) {
        throw new InvalidModelFileException(file, "weights '" + p.name() + "' not base64");
      }
      if (w.path("length").asInt(-1) != p.value().length || bytes.length != 4 * p.value().length) {
        throw new InvalidModelFileException(
            file, "weights '" + p.name() + "' have the wrong length; expected " + p.value().length);
      }
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(p.value());
      seen.add(p.name());
    }
    List<String> extra = new ArrayList<>();
    weights.fieldNames().forEachRemaining(n -> extra.add(n));
    extra.removeAll(seen);
    if (!extra.isEmpty()) {
      throw new InvalidModelFileException(file, "unexpected weights " + extra);
    }
    model.refresh();
    return model;
  }

  static ObjectNode configJson(HissConfig c) {
    ObjectNode o = JSON.objectNode();
    o.put("inputDim", c.inputDim());
    o.put("outputDim", c.outputDim());
    ArrayNode chunks = o.putArray("chunks");
    c.chunks().forEach(chunks::add);
    o.put("head", c.head().name());
    o.put("dt", c.dt());
    if (c.quantiles() != null) {
      ArrayNode q = o.putArray("quantiles");
      c.quantiles().levels().forEach(q::add);
    }
    ArrayNode levels = o.putArray("levels");
    for (LevelConfig l : c.levels()) {
      ObjectNode n = levels.addObject();
      n.put("type", l.type().name());
      n.put("width", l.width());
      n.put("depth", l.depth());
      n.put("dropout", l.dropout());
      n.put("stateSize", l.stateSize());
    }
    return o;
  }

  static HissConfig configFromJson(JsonNode o) {
    List<Integer> chunks = new ArrayList<>();
    o.path("chunks").forEach(k -> chunks.add(k.asInt()));
    List<LevelConfig> levels = new ArrayList<>();
    for (JsonNode n : o.path("levels")) {
      levels.add(
          new LevelConfig(
              LevelConfig.LayerType.valueOf(n.path("type").asText()),
              n.path("width").asInt(),
              n.path("depth").asInt(),
              n.path("dropout").asDouble(),
              n.path("stateSize").asInt()));
    }
    JsonNode head = o.path("head");
    OutputHead h =
        head.isMissingNode() || head.isNull() ? OutputHead.POINT : OutputHead.parse(head.asText());
    QuantileLevels q = null;
    if (h == OutputHead.QUANTILE) {
      List<Double> ls = new ArrayList<>();
      for (JsonNode n : o.path("quantiles")) {
        if (!n.isNumber()) {
          throw new IllegalArgumentException("Invalid quantile = " + n + "; must be a number");
        }
        ls.add(n.asDouble());
      }
      q = new QuantileLevels(ls);
    }
    return new HissConfig(
        o.path("inputDim").asInt(),
        o.path("outputDim").asInt(),
        levels,
        chunks,
        h,
        q,
        dtFlag(o.path("dt")));
  }

  private static boolean dtFlag(JsonNode dt) {
    if (dt.isMissingNode() || dt.isNull()) {
      return false; // written before Δt existed
    }
    if (!dt.isBoolean()) {
      throw new IllegalArgumentException("Invalid dt = " + dt + "; must be true or false");
    }
    return dt.asBoolean();
  }

  static ObjectNode preprocessingJson(HissPreprocessing p) {
    ObjectNode o = JSON.objectNode();
    o.put("rawInputDim", p.rawInputDim());
    o.put("inputDeltas", p.inputDeltas());
    if (Double.isFinite(p.clip())) {
      o.put("clip", p.clip());
    } else {
      o.putNull("clip");
    }
    floats(o.putArray("inputMean"), p.inputMean());
    floats(o.putArray("inputStd"), p.inputStd());
    floats(o.putArray("targetMean"), p.targetMean());
    floats(o.putArray("targetStd"), p.targetStd());
    return o;
  }

  private static void floats(ArrayNode a, float[] v) {
    for (float f : v) {
      a.add((double) f); // the exact value of the float; round-trips through Double.toString
    }
  }

  static HissPreprocessing preprocessingFromJson(JsonNode o) {
    JsonNode clip = o.path("clip");
    return new HissPreprocessing(
        o.path("rawInputDim").asInt(),
        o.path("inputDeltas").asBoolean(),
        clip.isNumber() ? clip.asDouble() : Double.POSITIVE_INFINITY,
        floats(o.path("inputMean")),
        floats(o.path("inputStd")),
        floats(o.path("targetMean")),
        floats(o.path("targetStd")));
  }

  private static float[] floats(JsonNode a) {
    if (!a.isArray()) {
      return null;
    }
    float[] v = new float[a.size()];
    for (int i = 0; i < v.length; i++) {
      if (!a.get(i).isNumber()) {
        throw new IllegalArgumentException("non-numeric entry " + a.get(i));
      }
      v[i] = (float) a.get(i).asDouble();
    }
    return v;
  }
}
