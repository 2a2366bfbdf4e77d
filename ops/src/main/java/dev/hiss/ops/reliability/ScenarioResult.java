package dev.hiss.ops.reliability;

import java.io.PrintStream;
import java.util.List;

/**
 * Figures of one fault-injection scenario run.
 *
 * @param scenario name, e.g. {@code scorer-kills}
 * @param events sensor events replayed
 * @param faults faults injected (kills, broker restarts)
 * @param checked what was checked exactly once (e.g. predictions, lake rows)
 * @param expected how many of them must be there
 * @param lost expected records missing
 * @param duplicated records present more than once (extra copies)
 * @param mismatched records whose value differs from the uninterrupted run
 * @param recoverySeconds for each fault, seconds from the fault (or the restart) until progress
 *     resumed
 * @param wallSeconds wall time of the whole scenario
 * @param notes further lines (settings, reference-run figures)
 */
public record ScenarioResult(
    String scenario,
    long events,
    int faults,
    String checked,
    long expected,
    long lost,
    long duplicated,
    long mismatched,
    List<Double> recoverySeconds,
    double wallSeconds,
    List<String> notes) {
  /** Copies the lists. */
  public ScenarioResult {
    recoverySeconds = List.copyOf(recoverySeconds);
    notes = List.copyOf(notes);
  }

  /** No loss, no duplicate, no mismatch. */
  public boolean passed() {
    return lost == 0 && duplicated == 0 && mismatched == 0 && expected > 0;
  }

  /** One Markdown table row: scenario, events, faults, expected, lost, duplicated, ... */
  public String tableRow() {
    double[] r = recoverySeconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return String.format(
        "| %s | %,d | %d | %,d %s | %d | %d | %d | %s | %.0f s | %s |",
        scenario,
        events,
        faults,
        expected,
        checked,
        lost,
        duplicated,
        mismatched,
        r.length == 0 ? "-" : String.format("%.1f / %.1f s", r[r.length / 2], r[r.length - 1]),
        wallSeconds,
        passed() ? "PASS" : "FAIL");
  }

  /** Header of {@link #tableRow()}. */
  public static String tableHeader() {
    return "| scenario | events | faults | checked | lost | duplicated | mismatched |"
        + " recovery median / max | wall | result |\n"
        + "|---|---|---|---|---|---|---|---|---|---|";
  }

  /** Prints the figures as a small report block. */
  public void print(PrintStream out) {
    out.printf("== %s: %s%n", scenario, passed() ? "PASS" : "FAIL");
    out.printf(
        "   events %,d | faults %d | %s expected %,d | lost %d | duplicated %d | mismatched %d%n",
        events, faults, checked, expected, lost, duplicated, mismatched);
    if (!recoverySeconds.isEmpty()) {
      double[] r = recoverySeconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      out.printf(
          "   recovery after each fault: median %.1f s, max %.1f s, min %.1f s (all: %s)%n",
          r[r.length / 2],
          r[r.length - 1],
          r[0],
          String.join(" ", recoverySeconds.stream().map(x -> String.format("%.1f", x)).toList()));
    }
    out.printf("   wall time %.1f s%n", wallSeconds);
    for (String n : notes) {
      out.println("   " + n);
    }
  }
}
