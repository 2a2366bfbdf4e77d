package dev.hiss.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.ops.reliability.BrokerRestart;
import dev.hiss.ops.reliability.ScenarioResult;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker is stopped mid-stream and started again on the same port and log directory while the
 * replay, the lake job and the scorer run; without any manual action the committed predictions
 * equal an uninterrupted run's and the lake holds every event once. The bounded CI version of
 * {@code ./hiss reliability broker-restart}.
 */
@Tag("integration")
@Timeout(420)
class BrokerRestartRecoveryTest {
  @TempDir Path dir;

  @Test
  void brokerRestartedMidStreamNothingIsLostOrDuplicated() {
    ScenarioResult r =
        BrokerRestart.run(
            new BrokerRestart.Settings(12_000, 1, Duration.ofSeconds(3), 6, 200), dir, System.out);
    r.print(System.out);
    // predictions, chunk 12: 6 devices x (166 of 2,000 samples + 50 of 600 warm-up samples) =
    // 1,296; lake rows: 12,000 + 3,600 warm-up events = 15,600
    assertEquals(1_296 + 15_600, r.expected(), "predictions and lake rows that must be there");
    assertEquals(0, r.lost(), "lost");
    assertEquals(0, r.duplicated(), "duplicated");
    assertEquals(0, r.mismatched(), "mismatched or unexpected");
    assertEquals(1, r.recoverySeconds().size(), "one recovery per restart");
    assertTrue(r.passed());
  }
}
