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

  /** Pause durations in milliseconds, one per pause line, in log order. */
  static List<Double> pausesMs(List<String> lines) {
    List<Double> out = new ArrayList<>();
    for (String line : lines) {
      Matcher m = PAUSE.matcher(line);
      if (m.find()) {
        out.add(Double.parseDouble(m.group(1)));
      }
    }
    return out;
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
    List<String> pauses = new ArrayList<>();
    double total = 0;
    for (String line : lines) {
      Matcher m = PAUSE.matcher(line);
      if (m.find()) {
        pauses.add(line);
        total += Double.parseDouble(m.group(1));
      }
    }
    pauses.sort(Comparator.comparingDouble(GcPauses::millis).reversed());
    StringBuilder out =
        new StringBuilder(
            String.format("broker GC: %d pauses, %.0f ms in total", pauses.size(), total));
    for (String p : pauses.subList(0, Math.min(3, pauses.size()))) {
      out.append("\n  longest: ").append(p.strip());
    }
    return out.toString();
  }

  private static double millis(String line) {
    Matcher m = PAUSE.matcher(line);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
