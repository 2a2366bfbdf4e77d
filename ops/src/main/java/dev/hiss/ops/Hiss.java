package dev.hiss.ops;

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
      BenchCommand.class,
      BrokerCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Hiss implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Entry point of the launcher. */
  public static void main(String[] args) {
    int code =
        new CommandLine(new Hiss())
            .setExecutionExceptionHandler(
                (ex, cmd, parsed) -> {
                  cmd.getErr().println("hiss: " + ex.getMessage());
                  if (System.getenv("HISS_DEBUG") != null) {
                    ex.printStackTrace(cmd.getErr());
                  } else {
                    cmd.getErr().println("(set HISS_DEBUG=1 for the stack trace)");
                  }
                  return 1;
                })
            .execute(args);
    System.exit(code);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Version from the model module's build properties. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"HiSS Forecast " + dev.hiss.model.io.Provenance.currentCodeVersion()};
    }
  }
}
