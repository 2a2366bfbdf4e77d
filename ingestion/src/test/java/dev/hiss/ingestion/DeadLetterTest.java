package dev.hiss.ingestion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DeadLetterTest {
  @Test
  void anOrdinaryRecordIsKeptVerbatim() {
    byte[] key = "d".getBytes(StandardCharsets.UTF_8);
    byte[] value = "{oops".getBytes(StandardCharsets.UTF_8);
    List<DeadLetter.Header> h = List.of(new DeadLetter.Header("hiss.schema", new byte[] {'1'}));
    DeadLetter.Bounded b = DeadLetter.bound(key, value, h);
    assertSame(key, b.key());
    assertSame(value, b.value());
    assertEquals(h, b.headers());
    assertNull(b.truncated());
  }

  @Test
  void oversizedPartsAreCutAndNamed() {
    byte[] key = new byte[50_000];
    byte[] value = new byte[1_048_000];
    value[0] = 42;
    List<DeadLetter.Header> h = new ArrayList<>();
    h.add(new DeadLetter.Header("hiss.dlq.rule", "NONE".getBytes(StandardCharsets.UTF_8)));
    for (int i = 0; i < 1000; i++) {
      h.add(new DeadLetter.Header("x-dup", new byte[] {(byte) i}));
    }
    h.add(new DeadLetter.Header("x-huge", new byte[500_000]));
    h.add(new DeadLetter.Header("x-null", null));
    DeadLetter.Bounded b = DeadLetter.bound(key, value, h);
    assertEquals(DeadLetter.MAX_KEY_BYTES, b.key().length);
    assertEquals(DeadLetter.MAX_VALUE_BYTES, b.value().length);
    assertEquals(42, b.value()[0], "a prefix of the original");
    assertEquals(DeadLetter.MAX_HEADERS, b.headers().size());
    assertTrue(b.headers().stream().noneMatch(x -> x.key().startsWith("hiss.dlq.")));
    assertEquals(
        "key 50000 bytes; value 1048000 bytes; 938 of 1003 headers; 1 spoofed hiss.dlq.* headers",
        b.truncated());
  }

  @Test
  void theHeaderBudgetCountsBytes() {
    List<DeadLetter.Header> h = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      h.add(new DeadLetter.Header("h" + i, new byte[4000])); // 4002 bytes each
    }
    DeadLetter.Bounded b = DeadLetter.bound(null, null, h);
    assertEquals(4, b.headers().size(), "4 x 4002 <= 16384 < 5 x 4002");
    assertNull(b.key());
    assertNull(b.value());
  }

  @Test
  void boundKeyKeepsTheLongestPrefixOfWholeCharacters() {
    SplittableRandom r = new SplittableRandom(3);
    String[] pieces = {"a", "\u00e9", "\u20ac", "\ud83d\ude00"};
    for (int t = 0; t < 300; t++) {
      StringBuilder s = new StringBuilder();
      int n = r.nextInt(1, 1500);
      for (int i = 0; i < n; i++) {
        s.append(pieces[r.nextInt(pieces.length)]);
      }
      String key = s.toString();
      String bounded = DeadLetter.boundKey(key);
      int bytes = bounded.getBytes(StandardCharsets.UTF_8).length;
      assertTrue(key.startsWith(bounded));
      assertTrue(bytes <= DeadLetter.MAX_KEY_BYTES, bytes + " bytes");
      if (!bounded.equals(key)) {
        int next = key.codePointAt(bounded.length());
        int nextBytes = new String(Character.toChars(next)).getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes + nextBytes > DeadLetter.MAX_KEY_BYTES, "not the longest prefix");
      }
      assertArrayEquals(
          bounded.getBytes(StandardCharsets.UTF_8),
          new String(bounded.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)
              .getBytes(StandardCharsets.UTF_8),
          "no split surrogate pair");
    }
    assertNull(DeadLetter.boundKey(null));
  }
}
