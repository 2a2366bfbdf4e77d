package dev.hiss.ingestion.lake;

import dev.hiss.ingestion.ValidationRule;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQueryListener;

/**
 * Counters of the lake job: records accepted into the lake and records dead-lettered per {@link
 * ValidationRule}, summed over the micro-batches this job has run (from Spark's observed metrics,
 * so each record is counted once, when its batch completes).
 */
public final class LakeIngestStats extends StreamingQueryListener {
  private static final long serialVersionUID = 1L;
  private final String acceptedName;
  private final String rejectedName;
  private final AtomicLong accepted = new AtomicLong();
  private final EnumMap<ValidationRule, AtomicLong> rejected = new EnumMap<>(ValidationRule.class);

  LakeIngestStats(String acceptedName, String rejectedName) {
    this.acceptedName = acceptedName;
    this.rejectedName = rejectedName;
    for (ValidationRule r : ValidationRule.values()) {
      rejected.put(r, new AtomicLong());
    }
  }

  /** Records written to the lake. */
  public long accepted() {
    return accepted.get();
  }

  /** Records dead-lettered under a rule. */
  public long rejected(ValidationRule rule) {
    return rejected.get(rule).get();
  }

  /** Records dead-lettered under any rule. */
  public long rejected() {
    return rejected.values().stream().mapToLong(AtomicLong::get).sum();
  }

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    Map<String, Row> observed = event.progress().observedMetrics();
    Row a = observed.get(acceptedName);
    if (a != null && !a.isNullAt(0)) {
      accepted.addAndGet(a.getLong(0));
    }
    Row r = observed.get(rejectedName);
    if (r != null) {
      for (ValidationRule rule : ValidationRule.values()) {
        int i = r.fieldIndex(rule.name());
        if (!r.isNullAt(i)) {
          rejected.get(rule).addAndGet(r.getLong(i));
        }
      }
    }
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {}

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("accepted ").append(accepted()).append(", rejected ");
    b.append(rejected());
    rejected.forEach(
        (rule, n) -> {
          if (n.get() > 0) {
            b.append(' ').append(rule).append('=').append(n.get());
          }
        });
    return b.toString();
  }
}
