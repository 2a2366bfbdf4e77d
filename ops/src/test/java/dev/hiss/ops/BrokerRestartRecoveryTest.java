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
@Timeout(360)
class BrokerRestartRecoveryTest {
  @TempDir Path dir;

  @Test
  void brokerRestartedMidStreamNothingIsLostOrDuplicated() {
    ScenarioResult r =
        BrokerRestart.run(
            new BrokerRestart.Settings(18_000, 1, Duration.ofSeconds(3), 6, 200), dir, System.out);
    r.print(System.out);
    // 1,500 predictions (6 devices x 3,000 samples, chunk 12) + 18,000 lake rows
    assertEquals(19_500, r.expected(), "predictions and lake rows that must be there");
    assertEquals(0, r.lost(), "lost");
    assertEquals(0, r.duplicated(), "duplicated");
    assertEquals(0, r.mismatched(), "mismatched or unexpected");
    assertEquals(1, r.recoverySeconds().size(), "one recovery per restart");
    assertTrue(r.passed());
  }
}
