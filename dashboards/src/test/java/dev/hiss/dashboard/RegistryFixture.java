package dev.hiss.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hiss.model.io.ModelFile;
import dev.hiss.model.io.ModelRegistry;
import dev.hiss.model.io.Provenance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes small model files into a registry for the models-view tests and the browser fixture. */
final class RegistryFixture {
  private RegistryFixture() {}

  /**
   * Registers a model file of kind {@code test-model} with per-epoch train and validation loss in
   * its provenance (as TrainHissJob stores them) and the given extra config entries.
   */
  static ModelRegistry.Entry register(
      ModelRegistry registry,
      Path work,
      String name,
      List<Double> trainLoss,
      List<Double> validationLoss,
      Map<String, String> extraConfig)
      throws IOException {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("preset", "tiny");
    config.put("norm.ecg_mV.mean", "0.1");
    config.put("metric.trainLoss", trainLoss.toString());
    config.put("metric.validationLoss", validationLoss.toString());
    int best = validationLoss.indexOf(validationLoss.stream().min(Double::compare).orElseThrow());
    config.put("metric.bestEpoch", Integer.toString(best));
    config.put("metric.validationMse", Double.toString(validationLoss.get(best)));
    config.putAll(extraConfig);
    Provenance p =
        new Provenance(
            config,
            42,
            "2026-01-01T00:00:00Z",
            "2026-01-01T00:05:00Z",
            "spark local[2]",
            "test",
            "2026-01-02T00:00:00Z");
    Files.createDirectories(work);
    Path file = Files.createTempFile(work, name, ".json");
    ModelFile.write(
        file,
        "test-model",
        p,
        new ObjectMapper()
            .createObjectNode()
            .put("weights", trainLoss.stream().map(String::valueOf).collect(Collectors.joining())));
    return registry.register(name, file, Map.of());
  }
}
