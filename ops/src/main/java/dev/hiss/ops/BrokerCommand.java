package dev.hiss.ops;

import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.broker.EmbeddedKafkaBroker;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./hiss broker}: runs the embedded Kafka broker in the foreground until Ctrl-C. */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = "Run an embedded single-node Kafka broker (KRaft) on 127.0.0.1 until Ctrl-C.")
public final class BrokerCommand implements Runnable {
  @Option(
      names = "--partitions",
      defaultValue = "4",
      description = "Partitions of the project's topics (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Override
  public void run() {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(partitions)) {
      broker.createTopics(
          partitions,
          List.of(
              Topics.SENSORS, Topics.TRUTH, Topics.PREDICTIONS, Topics.DEAD_LETTER, Topics.ALERTS));
      System.out.println("Kafka broker at " + broker.bootstrapServers() + " (Ctrl-C stops it)");
      CountDownLatch forever = new CountDownLatch(1);
      forever.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
