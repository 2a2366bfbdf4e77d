package dev.hiss.ops;

import dev.hiss.model.io.ModelRegistry;
import dev.hiss.model.io.ModelRegistry.Entry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ./hiss models}: the model registry (list, show, register, promote). */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "The model registry: versions with metrics, provenance, checksum and stage.",
    subcommands = {
      ModelsCommand.ListModels.class,
      ModelsCommand.Show.class,
      ModelsCommand.Register.class,
      ModelsCommand.Promote.class
    })
public final class ModelsCommand implements Runnable {
  @Option(
      names = "--registry",
      defaultValue = "target/hiss-models",
      scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Registry directory (default: ${DEFAULT-VALUE}).")
  Path registry;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  ModelRegistry open() {
    return new ModelRegistry(registry);
  }

  static String line(Entry e) {
    return String.format(
        "%-20s v%-4d %-10s %s %s",
        e.name(), e.version(), e.stage(), e.sha256().substring(0, 12), e.metrics());
  }

  /** {@code models list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List every version.")
  static final class ListModels implements Runnable {
    @ParentCommand ModelsCommand parent;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      try {
        List<Entry> all = parent.open().list();
        if (all.isEmpty()) {
          out.println("No models in " + parent.registry);
        }
        all.forEach(e -> out.println(line(e)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      out.flush();
    }
  }

  /** {@code models show NAME VERSION}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show one version (verifies its checksum).")
  static final class Show implements Runnable {
    @ParentCommand ModelsCommand parent;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "Model name.")
    String name;

    @Parameters(index = "1", description = "Version number.")
    int version;

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      try {
        Entry e = parent.open().get(name, version);
        out.println(line(e));
        out.println("kind:        " + e.kind());
        out.println("sha256:      " + e.sha256());
        out.println("file:        " + e.file());
        out.println("registered:  " + e.registeredAt());
        out.println("stage since: " + e.stageChangedAt());
        out.println("seed:        " + e.provenance().seed());
        out.println("data:        " + e.provenance().dataFrom() + " .. " + e.provenance().dataTo());
        out.println("trained on:  " + e.provenance().trainedOn());
        out.println("code:        " + e.provenance().codeVersion());
        e.provenance().config().forEach((k, v) -> out.println("  " + k + " = " + v));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      out.flush();
    }
  }

  /** {@code models register NAME FILE}. */
  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description = "Register a model file as the next version (stage CANDIDATE).")
  static final class Register implements Runnable {
    @ParentCommand ModelsCommand parent;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "Model name.")
    String name;

    @Parameters(index = "1", description = "Model file.")
    Path file;

    @Override
    public void run() {
      try {
        Entry e = parent.open().register(name, file, Map.of());
        spec.commandLine().getOut().println("Registered " + line(e));
        spec.commandLine().getOut().flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** {@code models promote NAME VERSION}. */
  @Command(
      name = "promote",
      mixinStandardHelpOptions = true,
      description = "Make a version PRODUCTION; the previous production version is ARCHIVED.")
  static final class Promote implements Runnable {
    @ParentCommand ModelsCommand parent;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "Model name.")
    String name;

    @Parameters(index = "1", description = "Version number.")
    int version;

    @Override
    public void run() {
      try {
        Entry e = parent.open().promote(name, version);
        spec.commandLine().getOut().println("Promoted " + line(e));
        spec.commandLine().getOut().flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
