package dev.hiss.ingestion.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a unified JVM GC log ({@code -Xlog:gc=info}) and summarizes its pauses: how many, their
 * total, and the longest ones with their time stamps. Used to tell a stalled broker from a slow
 * client when a test against the embedded broker times out.
 */
final class GcPauses {
  /** "... Pause Young (Allocation Failure) 12M->3M(123M) 4.123ms" */
  private static final Pattern PAUSE = Pattern.compile("Pause .* (\\d+(?:\\.\\d+)?)ms\\s*$");

  private GcPauses() {}

  /** One pause: its log line and its duration. */
  private record Pause(String line, double ms) {}

  private static List<Pause> pauses(List<String> lines) {
    List<Pause> out = new ArrayList<>();
    for (String line : lines) {
      Matcher m = PAUSE.matcher(line);
      if (m.find()) {
        out.add(new Pause(line, Double.parseDouble(m.group(1))));
      }
    }
    return out;
  }

  /** Pause durations in milliseconds, one per pause line, in log order. */
  static List<Double> pausesMs(List<String> lines) {
    return pauses(lines).stream().map(Pause::ms).toList();
  }

  /** One paragraph: count, total and the three longest pause lines of the log at {@code gcLog}. */
  static String summary(Path gcLog) {
    List<String> lines;
    try {
      lines = Files.readAllLines(gcLog, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no broker GC log: " + e.getMessage() + ")";
    }
    return summary(lines);
  }

  static String summary(List<String> lines) {
    List<Pause> pauses = new ArrayList<>(pauses(lines));
    double total = pauses.stream().mapToDouble(Pause::ms).sum();
    pauses.sort(Comparator.comparingDouble(Pause::ms).reversed());
    StringBuilder out =
        new StringBuilder(
            String.format("broker GC: %d pauses, %.0f ms in total", pauses.size(), total));
    for (Pause p : pauses.subList(0, Math.min(3, pauses.size()))) {
      out.append("\n  longest: ").append(p.line().strip());
    }
    return out.toString();
  }
}
