package dev.hiss.ingestion.hostile;

import dev.hiss.ingestion.ValidationPolicy;
import dev.hiss.ingestion.ValidationRule;
import dev.hiss.ingestion.hostile.internal.EnvelopeVariants;
import dev.hiss.ingestion.hostile.internal.PayloadVariants;
import dev.hiss.ingestion.hostile.internal.Spec;
import java.util.Iterator;
import java.util.SplittableRandom;

/**
 * A seeded, endless generator of hostile sensor records: the categories of {@link HostileCategory}
 * in turn, each record labelled with its variant and the {@link ValidationRule} that must reject it
 * under the given {@link ValidationPolicy}. The same seed gives the same records. Records are made
 * one at a time, so memory stays bounded however many are drawn.
 *
 * <p>Every {@code giantPeriod}-th record of the categories {@code HUGE_PAYLOAD}, {@code
 * HUGE_DEVICE_ID} and {@code HEADER_ABUSE} is a giant: a 10 MB device id, a value of 4 MB, a value
 * or a header that brings the record to 200 bytes under {@code brokerLimitBytes} (so that it is
 * accepted by the broker, but would not be if its dead letter repeated it verbatim).
 */
public final class HostileRecords implements Iterator<HostileRecord> {
  private static final HostileCategory[] CATEGORIES = HostileCategory.values();

  private final ValidationPolicy policy;
  private final int giantPeriod;
  private final PayloadVariants payloads;
  private final EnvelopeVariants envelopes;
  private long index;

  /**
   * @param seed random seed
   * @param policy the policy the records are labelled for (payload limit, channel limit)
   * @param giantPeriod one giant per this many records of a giant category (0 = no giants)
   * @param brokerLimitBytes the broker's record size limit the near-limit giants aim under
   */
  public HostileRecords(long seed, ValidationPolicy policy, int giantPeriod, int brokerLimitBytes) {
    if (giantPeriod < 0) {
      throw new IllegalArgumentException("Invalid giantPeriod = " + giantPeriod + "; must be >= 0");
    }
    if (brokerLimitBytes < 4096) {
      throw new IllegalArgumentException(
          "Invalid brokerLimitBytes = " + brokerLimitBytes + "; must be >= 4096");
    }
    SplittableRandom random = new SplittableRandom(seed);
    this.policy = policy;
    this.giantPeriod = giantPeriod;
    this.payloads = new PayloadVariants(random, policy, brokerLimitBytes);
    this.envelopes = new EnvelopeVariants(random, policy, brokerLimitBytes);
  }

  /** Default policy, a giant every 100 records of a giant category, a 1 MiB broker limit. */
  public HostileRecords(long seed) {
    this(seed, ValidationPolicy.DEFAULT, 100, 1024 * 1024);
  }

  @Override
  public boolean hasNext() {
    return true;
  }

  @Override
  public HostileRecord next() {
    long i = index++;
    HostileCategory c = CATEGORIES[(int) (i % CATEGORIES.length)];
    long k = i / CATEGORIES.length;
    boolean giant = giantPeriod > 0 && k % giantPeriod == giantPeriod - 1;
    int which = (int) ((k / Math.max(giantPeriod, 1)) % 2);
    String device = "h-" + (i % 97);
    Spec s =
        switch (c) {
          case MALFORMED_JSON -> payloads.malformed(device, i);
          case DEEP_NESTING -> payloads.deep(device, i);
          case HUGE_PAYLOAD ->
              giant ? payloads.giantPayload(device, i, which) : payloads.huge(device, i);
          case NON_FINITE -> payloads.nonFinite(device, i);
          case WRONG_TYPES -> payloads.wrongType(device, i);
          case EXTREME_TIMESTAMP -> payloads.extremeTime(device, i);
          case HUGE_DEVICE_ID -> envelopes.hugeId(i, giant);
          case UNICODE_TRICKS -> envelopes.unicode(i);
          case HEADER_ABUSE -> envelopes.headers(device, i, giant);
          case KEY_ABUSE -> envelopes.key(i);
        };
    ValidationRule rule =
        s.value() != null && s.value().length > policy.maxPayloadBytes()
            ? ValidationRule.PAYLOAD_SIZE
            : s.rule();
    return new HostileRecord(i, c, s.variant(), s.key(), s.value(), s.headers(), rule);
  }
}
