package dev.hiss.ops.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The project's Kafka topics with their partitions, replication, retention and clean-up policy.
 * Kafka Streams creates the scorer's own changelog (compacted) and repartition topics itself.
 *
 * @param topics one entry per topic
 */
public record TopicPlan(List<Topic> topics) {
  /**
   * One planned topic.
   *
   * @param name topic name
   * @param partitions partition count (the scorer scales out to at most this many instances)
   * @param replication replication factor
   * @param configs topic configs ({@code retention.ms}, {@code cleanup.policy}, …)
   * @param purpose one line for operators
   */
  public record Topic(
      String name,
      int partitions,
      short replication,
      Map<String, String> configs,
      String purpose) {}

  /** The plan for the given topic names, partitions and replication factor. */
  public static TopicPlan of(
      String sensors,
      String truth,
      String deadLetter,
      String predictions,
      String alerts,
      int partitions,
      int replication) {
    if (partitions < 1 || replication < 1) {
      throw new IllegalArgumentException(
          "Invalid partitions = "
              + partitions
              + " / replication = "
              + replication
              + "; must be >= 1");
    }
    String minIsr = Integer.toString(Math.max(1, Math.min(2, replication - 1)));
    List<Topic> t = new ArrayList<>();
    t.add(
        topic(
            sensors,
            partitions,
            replication,
            minIsr,
            Duration.ofDays(7),
            "raw sensor events (key = device)"));
    t.add(
        topic(
            truth,
            partitions,
            replication,
            minIsr,
            Duration.ofDays(7),
            "ground truth of simulated devices"));
    t.add(
        topic(
            deadLetter,
            Math.max(1, partitions / 4),
            replication,
            minIsr,
            Duration.ofDays(30),
            "rejected records with rule headers"));
    t.add(
        topic(
            predictions,
            partitions,
            replication,
            minIsr,
            Duration.ofDays(3),
            "scorer output (key = device)"));
    t.add(
        topic(
            alerts,
            Math.max(1, partitions / 4),
            replication,
            minIsr,
            Duration.ofDays(30),
            "anomaly alerts"));
    return new TopicPlan(List.copyOf(t));
  }

  private static Topic topic(
      String name,
      int partitions,
      int replication,
      String minIsr,
      Duration retention,
      String purpose) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("cleanup.policy", "delete");
    c.put("retention.ms", Long.toString(retention.toMillis()));
    c.put("min.insync.replicas", minIsr);
    c.put("compression.type", "producer");
    return new Topic(name, partitions, (short) replication, Map.copyOf(c), purpose);
  }

  /**
   * Creates missing topics and reports the existing ones whose partition count or configs differ
   * (it never deletes or shrinks anything).
   *
   * @return one line per topic: created, ok, or what differs
   */
  public List<String> apply(Admin admin) throws InterruptedException {
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> create = new ArrayList<>();
      List<String> report = new ArrayList<>();
      for (Topic t : topics) {
        if (!existing.contains(t.name())) {
          create.add(new NewTopic(t.name(), t.partitions(), t.replication()).configs(t.configs()));
          report.add("created " + t.name());
        }
      }
      if (!create.isEmpty()) {
        admin.createTopics(create).all().get(60, TimeUnit.SECONDS);
      }
      for (Topic t : topics) {
        if (existing.contains(t.name())) {
          report.add(compare(admin, t));
        }
      }
      return report;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka admin failed: " + e.getMessage(), e);
    }
  }

  private static String compare(Admin admin, Topic t)
      throws InterruptedException, ExecutionException, TimeoutException {
    int partitions =
        admin
            .describeTopics(List.of(t.name()))
            .allTopicNames()
            .get(30, TimeUnit.SECONDS)
            .get(t.name())
            .partitions()
            .size();
    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, t.name());
    Config actual = admin.describeConfigs(List.of(r)).all().get(30, TimeUnit.SECONDS).get(r);
    List<String> diffs = new ArrayList<>();
    if (partitions != t.partitions()) {
      diffs.add("partitions " + partitions + " (plan " + t.partitions() + ")");
    }
    for (Map.Entry<String, String> c : t.configs().entrySet()) {
      String v = actual.get(c.getKey()) == null ? null : actual.get(c.getKey()).value();
      if (!c.getValue().equals(v)) {
        diffs.add(c.getKey() + "=" + v + " (plan " + c.getValue() + ")");
      }
    }
    return diffs.isEmpty()
        ? "ok " + t.name()
        : "differs " + t.name() + ": " + String.join(", ", diffs);
  }

  /** The names of every planned topic. */
  public Collection<String> names() {
    return topics.stream().map(Topic::name).toList();
  }
}
