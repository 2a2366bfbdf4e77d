package dev.hiss.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's {@code --help} renders cleanly: exit 0, a usage line, and no picocli warning (an
 * unescaped {@code %} in a description once printed "Could not format ..." three times above the
 * help of {@code ./hiss evaluate}).
 */
class HelpTextTest {
  /** Paths of every command and subcommand, e.g. {@code [models, promote]}. */
  private static List<List<String>> commandPaths(CommandLine cmd, List<String> prefix) {
    List<List<String>> out = new ArrayList<>();
    out.add(prefix);
    cmd.getSubcommands()
        .forEach(
            (name, sub) -> {
              if (!name.equals(sub.getCommandName())) {
                return; // an alias
              }
              List<String> path = new ArrayList<>(prefix);
              path.add(name);
              out.addAll(commandPaths(sub, path));
            });
    return out;
  }

  @Test
  void everyCommandsHelpRendersWithoutWarnings() {
    List<List<String>> paths = commandPaths(new CommandLine(new Hiss()), List.of());
    assertTrue(paths.size() > 10, "commands found: " + paths);
    for (List<String> path : paths) {
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      CliErrorsTest.Result r = CliErrorsTest.run(args.toArray(String[]::new));
      String what = String.join(" ", args) + " -> " + r.lines();
      assertEquals(0, r.code(), what);
      assertTrue(r.lines().stream().anyMatch(l -> l.startsWith("Usage:")), what);
      assertFalse(
          r.lines().stream()
              .anyMatch(l -> l.contains("picocli WARN") || l.contains("Could not format")),
          what);
    }
  }
}
