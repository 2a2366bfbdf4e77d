package dev.hiss.ops;

import dev.hiss.ops.config.HissSettings;
import dev.hiss.ops.kafka.TopicPlan;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hiss topics}: prints the Kafka topic plan and, with --apply, creates what is missing.
 */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = {
      "Print the Kafka topic plan (partitions, replication, retention, clean-up) from the"
          + " configuration; with --apply create missing topics and report differences of existing"
          + " ones (nothing is deleted or shrunk)."
    })
public final class TopicsCommand implements Runnable {
  @Option(names = "--bootstrap-server", description = "Kafka bootstrap servers (for --apply).")
  String bootstrap;

  @Option(names = "--apply", description = "Create missing topics on the cluster.")
  boolean apply;

  @Option(names = "--partitions", description = "Override topics.partitions.")
  Integer partitions;

  @Option(names = "--replication", description = "Override topics.replication.")
  Integer replication;

  @Override
  public void run() {
    HissSettings s = Hiss.settings();
    TopicPlan plan =
        TopicPlan.of(
            s.get("topics.sensors"),
            s.get("topics.truth"),
            s.get("topics.dead-letter"),
            s.get("topics.predictions"),
            dev.hiss.ingestion.Topics.ALERTS,
            partitions != null ? partitions : s.getInt("topics.partitions"),
            replication != null ? replication : s.getInt("topics.replication"));
    for (TopicPlan.Topic t : plan.topics()) {
      System.out.printf(
          "%-22s partitions=%-4d replication=%d %s  # %s%n",
          t.name(),
          t.partitions(),
          t.replication(),
          new java.util.TreeMap<>(t.configs()),
          t.purpose());
    }
    if (!apply) {
      return;
    }
    Hiss.requireBootstrap(bootstrap);
    Properties p = s.kafkaClientProperties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(p)) {
      plan.apply(admin).forEach(System.out::println);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
