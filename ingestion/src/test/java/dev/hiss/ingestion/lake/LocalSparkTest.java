package dev.hiss.ingestion.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LocalSparkTest {

  @Test
  void localRunsGetTheMasterLoopbackAndNoUi() {
    Map<String, String> s = LocalSpark.settings("local[2]", new Properties());
    assertEquals("local[2]", s.get("spark.master"));
    assertEquals("false", s.get("spark.ui.enabled"));
    assertEquals("127.0.0.1", s.get("spark.driver.host"));
    assertEquals("UTC", s.get("spark.sql.session.timeZone"));
  }

  @Test
  void aClusterMasterKeepsTheUiButNotTheLoopbackDriver() {
    Map<String, String> s = LocalSpark.settings("spark://h:7077", new Properties());
    assertEquals("spark://h:7077", s.get("spark.master"));
    assertFalse(s.containsKey("spark.driver.host"));
  }

  @Test
  void underSparkSubmitTheSubmissionsMasterAndUiWin() {
    Properties submitted = new Properties();
    submitted.setProperty("spark.master", "k8s://https://api:6443");
    Map<String, String> s = LocalSpark.settings("local[*]", submitted);
    assertFalse(s.containsKey("spark.master"), "spark-submit's master is kept");
    assertFalse(s.containsKey("spark.ui.enabled"), "the driver UI (and /metrics) stays on");
    assertFalse(s.containsKey("spark.driver.host"));
    assertEquals("UTC", s.get("spark.sql.session.timeZone"));
  }
}
