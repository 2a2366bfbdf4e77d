package dev.hiss.ops;

import dev.hiss.ingestion.lake.LakePath;
import dev.hiss.ops.config.HissSettings;
import dev.hiss.ops.config.SettingsDefaults;
import dev.hiss.ops.demo.DemoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./hiss}: the root command that wires every subcommand. */
@Command(
    name = "hiss",
    mixinStandardHelpOptions = true,
    versionProvider = Hiss.Version.class,
    description = "HiSS Forecast: forecasting sensor streams with hierarchical state-space models.",
    subcommands = {
      DemoCommand.class,
      ReplayCommand.class,
      SimulateCommand.class,
      IngestCommand.class,
      ScorerCommand.class,
      BenchCommand.class,
      BrokerCommand.class,
      TrainCommand.class,
      TrainDl4jCommand.class,
      ScoreCommand.class,
      EvaluateCommand.class,
      DeriveCommand.class,
      ModelsCommand.class,
      DashboardCommand.class,
      ConfigCommand.class,
      TopicsCommand.class,
      dev.hiss.ops.reliability.HostileCommand.class,
      ReliabilityCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Hiss implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Entry point of the launcher. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  private static HissSettings settings;

  /** The effective settings of this run (loaded before the command line is parsed). */
  public static synchronized HissSettings settings() {
    if (settings == null) {
      settings = HissSettings.load(null, System.getenv());
    }
    return settings;
  }

  /**
   * Runs the command line and returns the exit code: 0 ok, 1 failure, 2 bad usage or configuration.
   */
  public static int run(String[] args) {
    return run(
        args, new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true));
  }

  /**
   * Runs the command line with picocli's output going to {@code out} and {@code err}. A bad option
   * value, an unknown option or a bad configuration value prints one line per error to {@code err}
   * (no usage dump, no stack trace) and gives exit code 2.
   */
  static int run(String[] args, java.io.PrintWriter out, java.io.PrintWriter err) {
    java.util.List<String> rest = new java.util.ArrayList<>(java.util.List.of(args));
    java.nio.file.Path configFile = null;
    int at = rest.indexOf("--config");
    if (at >= 0) {
      if (at + 1 >= rest.size()) {
        err.println("hiss: option '--config' needs a FILE");
        return 2;
      }
      configFile = java.nio.file.Path.of(rest.get(at + 1));
      rest.remove(at + 1);
      rest.remove(at);
    }
    try {
      synchronized (Hiss.class) {
        settings = HissSettings.load(configFile, System.getenv());
      }
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      for (String line : String.valueOf(e.getMessage()).split("\\R")) {
        err.println("hiss: configuration: " + line);
      }
      return 2;
    }
    return commandLine()
        .setOut(out)
        .setErr(err)
        .setDefaultValueProvider(new SettingsDefaults(settings))
        .setParameterExceptionHandler(
            (ex, badArgs) -> {
              CommandLine cmd = ex.getCommandLine();
              String name = cmd.getCommandSpec().qualifiedName(" ");
              cmd.getErr()
                  .println(name + ": " + oneLine(ex.getMessage()) + " (see ./" + name + " --help)");
              return 2;
            })
        .setExecutionExceptionHandler(
            (ex, cmd, parsed) -> {
              String name = cmd.getCommandSpec().qualifiedName(" ");
              boolean usage = ex instanceof IllegalArgumentException;
              cmd.getErr()
                  .println(
                      name
                          + ": "
                          + oneLine(ex.getMessage() != null ? ex.getMessage() : ex.toString()));
              if (System.getenv("HISS_DEBUG") != null) {
                ex.printStackTrace(cmd.getErr());
              } else if (!usage) {
                cmd.getErr().println("(set HISS_DEBUG=1 for the stack trace)");
              }
              return usage ? 2 : 1;
            })
        .execute(rest.toArray(String[]::new));
  }

  /** A message on one line: line breaks become " / ", null becomes the exception's absence. */
  static String oneLine(String message) {
    return message == null ? "(no message)" : message.strip().replaceAll("\\s*\\R\\s*", " / ");
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /**
   * Fails with {@code Invalid OPTION = VALUE; must be RULE} (exit code 2) unless {@code ok}: for
   * option values picocli can parse but the command cannot use.
   */
  static void requireOption(boolean ok, String option, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException("Invalid " + option + " = " + value + "; must be " + rule);
    }
  }

  /** Fails with a clear message when no Kafka is configured for a command that needs one. */
  static void requireBootstrap(String bootstrap) {
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException(
          "No Kafka: give --bootstrap-server HOST:PORT, or set kafka.bootstrap.servers in"
              + " hiss.properties or HISS_KAFKA_BOOTSTRAP_SERVERS (./hiss broker starts a local one)");
    }
  }

  /** Version from the model module's build properties. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"HiSS Forecast " + dev.hiss.model.io.Provenance.currentCodeVersion()};
    }
  }

  /** The command tree with the project's type converters, before handlers and streams are set. */
  static CommandLine commandLine() {
    return new CommandLine(new Hiss()).registerConverter(LakePath.class, LakePath::of);
  }
}
