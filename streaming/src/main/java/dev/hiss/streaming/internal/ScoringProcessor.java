package dev.hiss.streaming.internal;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.ingestion.InvalidEventException;
import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.ValidationRule;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores one sensor record: validates it, updates the device's {@link DeviceWindow}, and at chunk
 * boundaries forwards a {@link Prediction}. Invalid, duplicate and out-of-order records are
 * forwarded to the dead-letter sink with their original bytes and headers plus the rule, field and
 * reason. Never throws for bad input.
 */
public final class ScoringProcessor implements Processor<String, byte[], String, byte[]> {
  /** Child (sink) name for predictions. */
  public static final String PREDICTIONS_CHILD = "predictions";

  /** Child (sink) name for rejected records. */
  public static final String DEAD_LETTER_CHILD = "dead-letter";

  private static final Logger LOG = LoggerFactory.getLogger(ScoringProcessor.class);

  private final LinearAutoregression model;
  private final String modelVersion;
  private final int chunkSize;
  private final String storeName;
  private ProcessorContext<String, byte[]> context;
  private KeyValueStore<String, byte[]> store;
  private long duplicates;
  private long rejected;

  public ScoringProcessor(
      LinearAutoregression model, String modelVersion, int chunkSize, String storeName) {
    this.model = model;
    this.modelVersion = modelVersion;
    this.chunkSize = chunkSize;
    this.storeName = storeName;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    long started = System.nanoTime();
    SensorEvent e;
    try {
      e = SensorEventCodec.decode(record.value());
      if (!e.deviceId().equals(record.key())) {
        throw new InvalidEventException(
            ValidationRule.KEY_MISMATCH,
            "key",
            record.key(),
            "must equal deviceId '" + e.deviceId() + "'");
      }
      if (!e.channels().containsKey(model.channel())) {
        throw new InvalidEventException(
            ValidationRule.MISSING_CHANNEL,
            "channels",
            e.channels().keySet(),
            "lacks the model's channel " + model.channel());
      }
    } catch (InvalidEventException ex) {
      deadLetter(record, ex);
      return;
    }
    DeviceWindow w = DeviceWindow.fromBytes(store.get(e.deviceId()), model.order());
    boolean hasSeq = e.seq() >= 0;
    boolean stale = hasSeq ? e.seq() <= w.lastSeq : e.timestampNs() <= w.lastTsNs;
    if (stale) {
      duplicates++;
      deadLetter(
          record,
          hasSeq
              ? new InvalidEventException(
                  ValidationRule.DUPLICATE_SEQUENCE,
                  "seq",
                  e.seq(),
                  "not after the last accepted seq " + w.lastSeq + " of " + e.deviceId())
              : new InvalidEventException(
                  ValidationRule.DUPLICATE_SEQUENCE,
                  "timestampNs",
                  e.timestampNs(),
                  "not after the last accepted time " + w.lastTsNs + " of " + e.deviceId()));
      return;
    }
    if (hasSeq && w.lastSeq >= 0 && e.seq() != w.lastSeq + 1) {
      w.restart(); // samples are missing: the window would mix distant samples
    }
    w.lastSeq = e.seq();
    w.lastTsNs = e.timestampNs();
    w.push(e.channel(model.channel()));
    long position = hasSeq ? e.seq() + 1 : w.count;
    if (w.count >= model.order() && position % chunkSize == 0) {
      double y = model.predictFromRing(w.ring, w.head);
      Prediction p =
          new Prediction(
              e.deviceId(),
              e.seq(),
              e.timestampNs(),
              hasSeq ? e.seq() + model.horizon() : -1,
              model.channel(),
              y,
              modelVersion,
              System.nanoTime() - started);
      context.forward(
          new Record<>(e.deviceId(), p.encode(), record.timestamp(), new RecordHeaders()),
          PREDICTIONS_CHILD);
    }
    store.put(e.deviceId(), w.toBytes());
  }

  private void deadLetter(Record<String, byte[]> record, InvalidEventException ex) {
    rejected++;
    Headers h = new RecordHeaders(record.headers().toArray());
    h.add(Topics.HEADER_RULE, ex.rule().name().getBytes(StandardCharsets.UTF_8));
    h.add(Topics.HEADER_FIELD, ex.field().getBytes(StandardCharsets.UTF_8));
    h.add(Topics.HEADER_REASON, ex.getMessage().getBytes(StandardCharsets.UTF_8));
    h.add(Topics.HEADER_SOURCE, "scorer".getBytes(StandardCharsets.UTF_8));
    context.forward(
        new Record<>(record.key(), record.value(), record.timestamp(), h), DEAD_LETTER_CHILD);
  }

  @Override
  public void close() {
    if (duplicates > 0 || rejected > 0) {
      LOG.info(
          "Scorer task closing: {} duplicates dropped, {} records dead-lettered",
          duplicates,
          rejected);
    }
  }
}
