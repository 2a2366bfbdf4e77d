package dev.hiss.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.ops.reliability.LakeKills;
import dev.hiss.ops.reliability.ScenarioResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake job ({@code ./hiss ingest}) in its own JVM is killed with SIGKILL in the middle of a
 * micro-batch, twice, while events arrive, and restarted; afterwards every accepted event is in the
 * lake exactly once. The bounded CI version of {@code ./hiss reliability lake-kills}.
 */
@Tag("integration")
@Timeout(360)
class LakeCrashRecoveryTest {
  @TempDir Path dir;

  @Test
  void killedMidBatchAndRestartedTheLakeHoldsEveryEventOnce() {
    ScenarioResult r =
        LakeKills.run(new LakeKills.Settings(48_000, 2, 7, 4, 3_000), dir, System.out);
    r.print(System.out);
    assertEquals(48_000, r.expected(), "events the lake must hold");
    assertEquals(0, r.lost(), "events missing from the lake");
    assertEquals(0, r.duplicated(), "events in the lake twice");
    assertEquals(0, r.mismatched(), "rows that are not replayed events");
    assertEquals(2, r.recoverySeconds().size(), "one recovery per kill");
    assertTrue(r.passed());
  }
}
