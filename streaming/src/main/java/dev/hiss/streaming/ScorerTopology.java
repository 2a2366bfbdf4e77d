package dev.hiss.streaming;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.streaming.internal.ScoringProcessor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The scorer's Kafka Streams topology: {@code sensors → score → predictions | dead-letter}, with
 * one persistent key-value store of per-device state (changelogged, so it survives restarts and
 * moves with its partition when instances scale out).
 *
 * <p>Semantics per device (see {@link ScoringProcessor}): a record whose {@code seq} (or, without
 * one, timestamp) is not newer than the last accepted one is a duplicate or out of order and goes
 * to the dead-letter topic (rule {@code DUPLICATE_SEQUENCE}), never into the state; a gap in {@code
 * seq} restarts the warm-up; the first {@code order} samples only warm up; afterwards one
 * prediction is emitted at every chunk boundary ({@code (seq + 1) % chunkSize == 0}). Records
 * outside the event contract, or whose key differs from their device id, go to the dead-letter
 * topic with the reason headers of {@link dev.hiss.ingestion.Topics}.
 */
public final class ScorerTopology {
  /** Name of the per-device state store. */
  public static final String STATE_STORE = "device-state";

  private ScorerTopology() {}

  /** Builds the topology for one model. */
  public static Topology build(ScorerConfig c, LinearAutoregression model, String modelVersion) {
    Topology t = new Topology();
    t.addSource(
        "sensors",
        Serdes.String().deserializer(),
        Serdes.ByteArray().deserializer(),
        c.sensorsTopic());
    t.addProcessor(
        "score",
        () -> new ScoringProcessor(model, modelVersion, c.chunkSize(), STATE_STORE),
        "sensors");
    t.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(STATE_STORE), Serdes.String(), Serdes.ByteArray()),
        "score");
    t.addSink(
        ScoringProcessor.PREDICTIONS_CHILD,
        c.predictionsTopic(),
        Serdes.String().serializer(),
        Serdes.ByteArray().serializer(),
        "score");
    t.addSink(
        ScoringProcessor.DEAD_LETTER_CHILD,
        c.deadLetterTopic(),
        Serdes.String().serializer(),
        Serdes.ByteArray().serializer(),
        "score");
    return t;
  }
}
