package dev.hiss.ingestion.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hiss.ingestion.InvalidEventException;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import dev.hiss.ingestion.ValidationPolicy;
import dev.hiss.ingestion.ValidationRule;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every generated hostile record, through the codec, the policy and the key check, is rejected with
 * an {@link InvalidEventException} naming exactly the rule it is labelled with; nothing is accepted
 * and nothing else escapes.
 */
class HostileRecordsTest {
  private static final int RECORDS = 12_000;

  /** What every edge does with a record: decode under the policy, then check the key. */
  static SensorEvent decode(HostileRecord r) {
    SensorEvent e = SensorEventCodec.decode(r.value(), ValidationPolicy.DEFAULT);
    SensorEventCodec.checkKey(
        r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8), e);
    return e;
  }

  @Test
  void everyHostileRecordIsRejectedByTheRuleItIsLabelledWith() {
    HostileRecords gen = new HostileRecords(11);
    Map<HostileCategory, Integer> perCategory = new EnumMap<>(HostileCategory.class);
    Set<ValidationRule> rules = EnumSet.noneOf(ValidationRule.class);
    Set<String> variants = new HashSet<>();
    int giants = 0;
    for (int i = 0; i < RECORDS; i++) {
      HostileRecord r = gen.next();
      assertEquals(i, r.index());
      try {
        SensorEvent e = decode(r);
        fail(r + " was accepted as " + e);
      } catch (InvalidEventException ex) {
        assertEquals(r.expectedRule(), ex.rule(), r + ": " + ex.getMessage());
        assertNotNull(ex.field(), r.toString());
        String m = ex.getMessage();
        assertTrue(m.length() < 400, r + ": unbounded message " + m.length());
        assertTrue(m.chars().noneMatch(c -> c < 0x20), r + ": control character in " + m);
      } catch (RuntimeException | Error other) {
        fail(r + " escaped as " + other, other);
      }
      perCategory.merge(r.category(), 1, Integer::sum);
      rules.add(r.expectedRule());
      variants.add(r.label().replaceAll("[-=][^/]*$", ""));
      giants += r.sizeBytes() > 1_000_000 ? 1 : 0;
    }
    for (HostileCategory c : HostileCategory.values()) {
      assertEquals(RECORDS / HostileCategory.values().length, perCategory.get(c), c.name());
    }
    assertEquals(
        EnumSet.complementOf(
            EnumSet.of(
                ValidationRule.CHANNEL_RANGE,
                ValidationRule.DUPLICATE_SEQUENCE,
                ValidationRule.MISSING_CHANNEL)),
        rules,
        "rules the generator exercises");
    assertTrue(variants.size() > 40, "variants: " + variants);
    assertEquals(36, giants, "3 giant categories x 1200 records / period 100");
  }

  @Test
  void theSameSeedGivesTheSameRecords() {
    HostileRecords a = new HostileRecords(5, ValidationPolicy.DEFAULT, 0, 1 << 20);
    HostileRecords b = new HostileRecords(5, ValidationPolicy.DEFAULT, 0, 1 << 20);
    for (int i = 0; i < 500; i++) {
      HostileRecord x = a.next();
      HostileRecord y = b.next();
      assertEquals(x.label(), y.label());
      assertArrayEquals(x.value(), y.value(), x.toString());
      assertArrayEquals(x.key(), y.key(), x.toString());
    }
  }

  @Test
  void nearLimitGiantsFitUnderTheBrokerLimitButNotWithTwoHundredBytesMore() {
    HostileRecords gen = new HostileRecords(3, ValidationPolicy.DEFAULT, 2, 1 << 20);
    int nearLimit = 0;
    for (int i = 0; i < 200; i++) {
      HostileRecord r = gen.next();
      if (r.variant().equals("near-broker-limit") || r.variant().equals("giant-header")) {
        long size = r.sizeBytes();
        assertTrue(size <= (1 << 20) - 150 && size > (1 << 20) - 260, r.toString());
        nearLimit++;
      }
    }
    assertTrue(nearLimit >= 4, "near-limit giants: " + nearLimit);
  }

  @Test
  void oversizeValuesAreRefusedBeforeAnythingTheirSizeIsAllocated() {
    byte[] tenMegabytes = new byte[10 * 1024 * 1024];
    java.util.Arrays.fill(tenMegabytes, (byte) '[');
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    SensorEventCodec.decode(
        SensorEventCodec.encode(SensorEvent.of("w", 1_767_225_600_000_000_000L, 0, "x", 1)));
    long before = threads.getThreadAllocatedBytes(tid);
    for (int i = 0; i < 10; i++) {
      InvalidEventException ex =
          assertThrows(InvalidEventException.class, () -> SensorEventCodec.decode(tenMegabytes));
      assertEquals(ValidationRule.PAYLOAD_SIZE, ex.rule());
    }
    long allocated = threads.getThreadAllocatedBytes(tid) - before;
    // exceptions and messages cost some kilobytes each; a copy or a parse would cost megabytes
    assertTrue(allocated < 1_000_000, "10 refusals of 10 MB allocated " + allocated + " bytes");
  }

  @Test
  void thePayloadLimitIsConfigurable() {
    ValidationPolicy small =
        new ValidationPolicy(
            256,
            ValidationPolicy.DEFAULT.maxChannels(),
            ValidationPolicy.DEFAULT.earliest(),
            ValidationPolicy.DEFAULT.maxClockSkew(),
            Map.of());
    byte[] ok = SensorEventCodec.encode(SensorEvent.of("d", 1_767_225_600_000_000_000L, 0, "x", 1));
    SensorEventCodec.decode(ok, small);
    String padded =
        new String(ok, StandardCharsets.UTF_8)
            .replace("}}", "},\"pad\":\"" + "p".repeat(300) + "\"}");
    SensorEventCodec.decode(padded.getBytes(StandardCharsets.UTF_8)); // unknown members are ignored
    InvalidEventException ex =
        assertThrows(
            InvalidEventException.class,
            () -> SensorEventCodec.decode(padded.getBytes(StandardCharsets.UTF_8), small));
    assertEquals(ValidationRule.PAYLOAD_SIZE, ex.rule());
    assertTrue(ex.getMessage().contains("larger than 256 bytes"), ex.getMessage());
  }
}
