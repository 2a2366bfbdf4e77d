package dev.hiss.ops.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code ./hiss} subcommand in its own JVM (this JVM's flags and classpath), its output appended
 * to a log file, that can be killed with SIGKILL: the process the fault-injection scenarios crash.
 */
public final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final String name;
  private final Thread shutdownHook;

  private ChildJvm(Process process, Path log, String name) {
    this.process = process;
    this.log = log;
    this.name = name;
    // Ctrl-C of the scenario must not leave a scorer or lake job behind
    this.shutdownHook = new Thread(process::destroyForcibly, "reliability-child-kill");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts {@code hiss ARGS} with the given heap.
   *
   * @param heap maximum heap, e.g. {@code 512m}
   * @param log file the child's stdout and stderr are appended to
   * @param args the subcommand and its options
   */
  public static ChildJvm start(String heap, Path log, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("-D") || arg.startsWith("-XX")) {
        cmd.add(arg);
      }
    }
    cmd.add("-Xmx" + heap);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.hiss.ops.Hiss");
    cmd.addAll(args);
    try {
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      return new ChildJvm(p, log, args.get(0));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start hiss " + args.get(0), e);
    }
  }

  /** Whether it is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Fails with the log's tail when the process has exited. */
  public void requireAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "hiss " + name + " exited with code " + process.exitValue() + ":\n" + tail());
    }
  }

  /** SIGKILL (no shutdown hook, no graceful stop), then waits until it is gone. */
  public void kill() {
    process.destroyForcibly();
    awaitExit(30);
  }

  /**
   * Waits up to {@code seconds} for it to exit by itself.
   *
   * @return the exit code
   * @throws IllegalStateException when it is still running afterwards
   */
  public int awaitExit(long seconds) {
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "hiss " + name + " still running after " + seconds + " s:\n" + tail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for hiss " + name, e);
    }
    return process.exitValue();
  }

  /** The last 30 lines of its log. */
  public String tail() {
    return tail(log, 30);
  }

  /** The last {@code n} lines of a log file. */
  static String tail(Path log, int n) {
    try {
      if (!Files.exists(log)) {
        return "(no log)";
      }
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /** Kills it if it is still running. */
  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or has run
    }
  }
}
