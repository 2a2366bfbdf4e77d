package dev.hiss.ops.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.ingestion.broker.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TopicPlanTest {
  private static TopicPlan plan(int partitions, int replication) {
    return TopicPlan.of("s", "t", "dlq", "p", "a", partitions, replication);
  }

  @Test
  void planScalesWithTheConfiguration() {
    TopicPlan p = plan(12, 3);
    assertEquals(List.of("s", "t", "dlq", "p", "a"), p.names());
    TopicPlan.Topic sensors = p.topics().get(0);
    assertEquals(12, sensors.partitions());
    assertEquals("2", sensors.configs().get("min.insync.replicas"));
    assertEquals(Long.toString(7L * 24 * 3600 * 1000), sensors.configs().get("retention.ms"));
    assertEquals(3, p.topics().get(2).partitions());
    assertEquals("1", plan(4, 1).topics().get(0).configs().get("min.insync.replicas"));
    assertThrows(IllegalArgumentException.class, () -> plan(0, 1));
  }

  @Test
  @Tag("integration")
  @Timeout(120)
  void applyCreatesMissingTopicsAndReportsDrift() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(1);
        Admin admin = broker.admin()) {
      TopicPlan p = plan(2, 1);
      assertEquals(
          List.of("created s", "created t", "created dlq", "created p", "created a"),
          p.apply(admin));
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> p.apply(admin).stream().allMatch(l -> l.startsWith("ok ")));
      ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, "p");
      admin
          .incrementalAlterConfigs(
              Map.of(
                  r,
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET))))
          .all()
          .get(30, TimeUnit.SECONDS);
      // config changes reach describeConfigs asynchronously (KRaft metadata propagation)
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> p.apply(admin).contains("differs p: retention.ms=1000 (plan 259200000)"));
      assertTrue(p.apply(admin).stream().filter(l -> l.startsWith("differs")).count() == 1);
    }
  }
}
