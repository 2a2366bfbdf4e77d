package dev.hiss.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.ops.reliability.ScenarioResult;
import dev.hiss.ops.reliability.ScorerKills;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scorer ({@code ./hiss scorer}) in its own JVM is killed with SIGKILL three times at random
 * points while it scores, and restarted; the committed predictions (read_committed) are exactly
 * those of an uninterrupted run: none missing, none duplicated, identical values. The bounded CI
 * version of {@code ./hiss reliability scorer-kills}.
 */
@Tag("integration")
@Timeout(300)
class ScorerCrashRecoveryTest {
  @TempDir Path dir;

  @Test
  void killedThreeTimesTheScorerStillProducesEveryPredictionExactlyOnce() {
    ScenarioResult r =
        ScorerKills.run(new ScorerKills.Settings(36_000, 3, 42, 6, 3_000), dir, System.out);
    r.print(System.out);
    // 6 devices x 6,000 samples, one prediction per 12 samples from the 12th on
    assertEquals(3_000, r.expected(), "predictions the uninterrupted run must match");
    assertEquals(0, r.lost(), "lost predictions");
    assertEquals(0, r.duplicated(), "duplicated predictions");
    assertEquals(0, r.mismatched(), "mismatched or unexpected predictions");
    assertEquals(3, r.recoverySeconds().size(), "one recovery per kill");
    assertTrue(r.passed());
  }
}
