package dev.hiss.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hiss.streaming.ScorerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The deployment recipes and boards in ops/ parse and reference what the code provides. */
class OpsFilesTest {
  private static final Path OPS = Path.of(System.getProperty("hiss.root", "..")).resolve("ops");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static List<JsonNode> yamlDocs(Path f) throws Exception {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(f.toFile())) {
      while (it.hasNext()) {
        JsonNode n = it.next();
        if (n != null && !n.isNull() && !n.isEmpty()) {
          docs.add(n);
        }
      }
    }
    return docs;
  }

  @Test
  void kubernetesManifestsHaveTheRequiredFields() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(OPS.resolve("k8s"))) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertTrue(files.size() >= 4, files.toString());
    int gpuRequests = 0;
    for (Path f : files) {
      for (JsonNode d : yamlDocs(f)) {
        String where = f.getFileName() + " " + d.path("kind").asText();
        assertFalse(d.path("apiVersion").asText().isEmpty(), where + ": apiVersion");
        assertFalse(d.path("kind").asText().isEmpty(), where + ": kind");
        assertFalse(d.path("metadata").path("name").asText().isEmpty(), where + ": metadata.name");
        JsonNode podSpec =
            d.path("kind").asText().equals("Pod")
                ? d.path("spec")
                : d.path("spec").path("template").path("spec");
        for (JsonNode c : podSpec.path("containers")) {
          assertFalse(c.path("image").asText().isEmpty(), where + ": image");
          assertTrue(
              c.path("resources").path("requests").has("memory"), where + ": memory request");
          if (c.path("resources").path("limits").has("nvidia.com/gpu")) {
            gpuRequests++;
          }
        }
        if (d.path("kind").asText().equals("StatefulSet")
            || d.path("kind").asText().equals("Deployment")) {
          JsonNode selector = d.path("spec").path("selector").path("matchLabels");
          JsonNode labels = d.path("spec").path("template").path("metadata").path("labels");
          selector
              .fields()
              .forEachRemaining(
                  e ->
                      assertEquals(
                          e.getValue(), labels.get(e.getKey()), where + ": selector label"));
        }
      }
    }
    assertEquals(1, gpuRequests, "the GPU executor template requests nvidia.com/gpu");
  }

  @Test
  void prometheusConfigParsesAndScrapesTheScorer() throws Exception {
    JsonNode p = yamlDocs(OPS.resolve("observability/prometheus.yml")).get(0);
    List<String> jobs = new ArrayList<>();
    p.path("scrape_configs").forEach(j -> jobs.add(j.path("job_name").asText()));
    assertTrue(jobs.contains("hiss-scorer"), jobs.toString());
  }

  @Test
  void everyScorerMetricOnTheGrafanaBoardExists() throws Exception {
    JsonNode board =
        new ObjectMapper().readTree(OPS.resolve("observability/grafana-hiss.json").toFile());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ScorerMetrics metrics = new ScorerMetrics(registry);
    metrics.modelInService("v1", false);
    String scrape = registry.scrape();
    Pattern name = Pattern.compile("hiss_scorer_[a-z_]+");
    int referenced = 0;
    for (JsonNode panel : board.path("panels")) {
      for (JsonNode t : panel.path("targets")) {
        Matcher m = name.matcher(t.path("expr").asText());
        while (m.find()) {
          referenced++;
          assertTrue(
              scrape.contains(m.group() + "{") || scrape.contains(m.group() + " "),
              "board uses " + m.group() + ", which the scorer does not export");
        }
      }
    }
    assertTrue(referenced >= 6, "board references " + referenced + " scorer metrics");
  }

  @Test
  void scriptsAreExecutableAndParse() throws Exception {
    try (Stream<Path> s = Files.list(OPS.resolve("spark"))) {
      for (Path f : s.filter(p -> p.toString().endsWith(".sh")).toList()) {
        assertTrue(Files.isExecutable(f), f + " must be executable");
        Process p =
            new ProcessBuilder("bash", "-n", f.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), f + ": " + new String(p.getInputStream().readAllBytes()));
      }
    }
  }
}
