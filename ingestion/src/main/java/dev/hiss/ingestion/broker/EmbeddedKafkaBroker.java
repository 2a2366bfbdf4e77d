package dev.hiss.ingestion.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker (KRaft, combined broker + controller, one node) in a child JVM on its
 * own classpath, for tests and the demo. No Docker.
 *
 * <p>The broker is Scala 2.13 and Kafka 4; Spark is Scala 2.12 with Kafka clients 3.4. They cannot
 * share a classpath, so the broker runs from the classpath file written by the {@code
 * ops/kafka-embedded} module ({@code target/kafka-broker.classpath}). The broker binds to 127.0.0.1
 * on free ports, keeps its data in a temporary directory, and is stopped with SIGTERM (then killed
 * after a timeout) by {@link #close()} or, if the host JVM exits first, by a shutdown hook.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  /** System property naming the broker classpath file; defaults to the reactor's build output. */
  public static final String CLASSPATH_PROPERTY = "hiss.kafka.broker.classpath";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  private final Path dataDir;
  private final String classpath;
  private volatile Process process;
  private final String bootstrapServers;
  private final Thread shutdownHook;

  private EmbeddedKafkaBroker(
      Path dataDir, String classpath, Process process, String bootstrapServers) {
    this.dataDir = dataDir;
    this.classpath = classpath;
    this.process = process;
    this.bootstrapServers = bootstrapServers;
    this.shutdownHook = new Thread(this::stopProcess, "embedded-kafka-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Formats a fresh KRaft log directory and starts the broker; returns once the broker answers
   * {@code describeCluster}.
   *
   * @param partitions default partition count for topics created without one
   * @throws IllegalStateException if the classpath file is missing or the broker does not come up
   *     (the message carries the tail of the broker's log)
   */
  public static EmbeddedKafkaBroker start(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("Invalid partitions = " + partitions + "; must be >= 1");
    }
    String classpath = readClasspath(locateClasspathFile());
    try {
      Path dir = Files.createTempDirectory("hiss-kafka-");
      int brokerPort = freePort();
      int controllerPort = freePort();
      Path config = dir.resolve("server.properties");
      Files.writeString(config, serverProperties(dir, brokerPort, controllerPort, partitions));
      Path log4j = dir.resolve("log4j2.properties");
      Files.writeString(log4j, LOG4J_CONFIG);
      Path logFile = dir.resolve("broker.log");

      String clusterId = Uuid.randomUuid().toString();
      Process format =
          javaProcess(
                  classpath,
                  log4j,
                  "kafka.tools.StorageTool",
                  "format",
                  "-t",
                  clusterId,
                  "-c",
                  config.toString())
              .redirectOutput(logFile.toFile())
              .start();
      if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
        format.destroyForcibly();
        throw new IllegalStateException("Kafka storage format failed:\n" + tail(logFile));
      }
      Process broker = launch(classpath, dir);
      String bootstrap = "127.0.0.1:" + brokerPort;
      EmbeddedKafkaBroker started = new EmbeddedKafkaBroker(dir, classpath, broker, bootstrap);
      try {
        started.awaitReady(logFile);
      } catch (RuntimeException e) {
        started.close();
        throw e;
      }
      LOG.info("Embedded Kafka broker up at {} (data in {})", bootstrap, dir);
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the embedded Kafka broker", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting the embedded Kafka broker", e);
    }
  }

  /** {@code host:port} of the PLAINTEXT listener on 127.0.0.1. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Creates topics (idempotently) with the given partition count and replication factor 1. */
  public void createTopics(int partitions, Collection<String> topics) {
    List<NewTopic> newTopics = new ArrayList<>();
    for (String t : topics) {
      newTopics.add(new NewTopic(t, partitions, (short) 1));
    }
    try (Admin admin = admin()) {
      try {
        admin.createTopics(newTopics).all().get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("Could not create topics " + topics, e.getCause());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Timed out creating topics " + topics, e);
    }
  }

  /** An admin client bound to this broker; the caller closes it. */
  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /** Whether the broker process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Stops the broker process (SIGTERM, then kill after 20 s) but keeps its log directory, so that
   * {@link #restart()} brings the same broker back with its topics, offsets and transactions. Does
   * nothing if it is already stopped.
   */
  public void stop() {
    stopProcess();
  }

  /**
   * Starts the broker again on the same ports with the same log directory (after {@link #stop()} or
   * a crash); returns once it answers {@code describeCluster}.
   *
   * @throws IllegalStateException if it is still running or does not come up
   */
  public void restart() {
    if (process.isAlive()) {
      throw new IllegalStateException("Kafka broker at " + bootstrapServers + " is still running");
    }
    try {
      process = launch(classpath, dataDir);
      awaitReady(dataDir.resolve("broker.log"));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not restart the embedded Kafka broker", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while restarting the embedded Kafka broker", e);
    }
    LOG.info("Embedded Kafka broker restarted at {}", bootstrapServers);
  }

  /** Stops the broker (SIGTERM, then kill after 20 s) and deletes its data directory. */
  @Override
  public void close() {
    stopProcess();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or has run; nothing left to remove
    }
    deleteRecursively(dataDir);
  }

  private void stopProcess() {
    Process process = this.process;
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        LOG.warn("Kafka broker did not stop within {}; killing it", STOP_TIMEOUT);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static Process launch(String classpath, Path dir) throws IOException {
    ProcessBuilder pb =
        javaProcess(
            classpath,
            dir.resolve("log4j2.properties"),
            "kafka.Kafka",
            dir.resolve("server.properties").toString());
    // every GC pause goes to gc.log, so a stalled broker explains itself (see logTail())
    pb.command().add(1, "-Xlog:gc=info:file=" + dir.resolve("gc.log") + ":uptime");
    return pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile()))
        .start();
  }

  private void awaitReady(Path logFile) throws InterruptedException {
    Process process = this.process;
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "Kafka broker exited with code " + process.exitValue() + ":\n" + tail(logFile));
        }
        try {
          if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (java.util.concurrent.ExecutionException
            | java.util.concurrent.TimeoutException e) {
          // not up yet
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Kafka broker did not answer within " + START_TIMEOUT + ":\n" + tail(logFile));
        }
        Thread.sleep(100);
      }
    }
  }

  private static ProcessBuilder javaProcess(
      String classpath, Path log4j, String mainClass, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-Dlog4j2.configurationFile=" + log4j.toUri());
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true);
  }

  private static String serverProperties(
      Path dir, int brokerPort, int controllerPort, int partitions) {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.setProperty(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("log.dirs", dir.resolve("data").toString());
    p.setProperty("num.partitions", Integer.toString(partitions));
    p.setProperty("auto.create.topics.enable", "false");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "4");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("transaction.state.log.num.partitions", "4");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
    StringBuilder out = new StringBuilder();
    p.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
    return out.toString();
  }

  private static final String LOG4J_CONFIG =
      String.join(
          "\n",
          "status = warn",
          "appender.console.type = Console",
          "appender.console.name = STDOUT",
          "appender.console.layout.type = PatternLayout",
          "appender.console.layout.pattern = [%d] %p %m (%c)%n",
          "rootLogger.level = warn",
          "rootLogger.appenderRef.stdout.ref = STDOUT",
          "logger.kafka.name = kafka.server.KafkaRaftServer",
          "logger.kafka.level = info",
          "");

  static Path locateClasspathFile() {
    String configured = System.getProperty(CLASSPATH_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    String root = System.getProperty("hiss.root");
    Path start = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
    for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("ops/kafka-embedded/target/kafka-broker.classpath");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "Broker classpath file not found: build the project first (mvn -DskipTests package writes"
            + " ops/kafka-embedded/target/kafka-broker.classpath) or set -D"
            + CLASSPATH_PROPERTY
            + "=FILE");
  }

  private static String readClasspath(Path file) {
    try {
      String cp = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (cp.isEmpty()) {
        throw new IllegalStateException("Broker classpath file " + file + " is empty");
      }
      return cp;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read broker classpath file " + file, e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  /**
   * The last 40 lines of the broker's log and the longest GC pauses it had, for failure messages of
   * tests and scenarios that run against this broker.
   */
  public String logTail() {
    return tail(dataDir.resolve("broker.log")) + "\n" + gcSummary();
  }

  /** The broker's GC pauses so far: count, total and the three longest. */
  public String gcSummary() {
    return GcPauses.summary(dataDir.resolve("gc.log"));
  }

  private static String tail(Path logFile) {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no broker log: " + e.getMessage() + ")";
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("Could not delete broker data directory {}: {}", dir, e.getMessage());
    }
  }
}
