package dev.hiss.ops.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  @Test
  void rendersFilledCellsAndPercentage() {
    assertEquals("[..............................]   0% a", ProgressBar.render(0, "a"));
    assertEquals(
        "[#########.....................]  30% epoch 3/10", ProgressBar.render(0.3, "epoch 3/10"));
    assertEquals("[##############################] 100%", ProgressBar.render(1.7, ""));
    assertEquals(ProgressBar.render(0, "x"), ProgressBar.render(Double.NaN, "x"));
  }

  @Test
  void redrawsInPlaceOnATerminalAndClearsBeforeLines() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    ProgressBar bar = new ProgressBar(new PrintStream(buf, true, StandardCharsets.UTF_8), true, 0);
    bar.update(0.5, "half");
    bar.line("epoch 1/2 done");
    bar.update(1, "done");
    bar.finish();
    String s = buf.toString(StandardCharsets.UTF_8);
    assertTrue(s.startsWith("\r[###############..............."), s);
    // the line clears the bar (spaces over its length) and starts at column 0
    int at = s.indexOf("epoch 1/2 done");
    assertTrue(s.substring(0, at).endsWith("\r"), s);
    assertTrue(s.endsWith(ProgressBar.render(1, "done") + System.lineSeparator()), s);
  }

  @Test
  void drawsNothingButLinesWhenNotATerminal() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    ProgressBar bar = new ProgressBar(new PrintStream(buf, true, StandardCharsets.UTF_8), false, 0);
    bar.update(0.5, "half");
    bar.line("epoch 1/2");
    bar.finish();
    String s = buf.toString(StandardCharsets.UTF_8);
    assertEquals("epoch 1/2" + System.lineSeparator(), s);
    assertFalse(s.contains("\r"));
  }

  @Test
  void rateLimitsRedrawsButAlwaysDrawsCompletion() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    ProgressBar bar =
        new ProgressBar(new PrintStream(buf, true, StandardCharsets.UTF_8), true, 60_000_000_000L);
    bar.update(0.1, "a");
    bar.update(0.2, "b"); // within the interval: skipped
    bar.update(1, "c");
    String s = buf.toString(StandardCharsets.UTF_8);
    assertTrue(s.contains(" a") && !s.contains(" b") && s.contains(" c"), s);
  }
}
