package dev.hiss.streaming;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.streaming.internal.ScoringProcessor;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * The scorer's Kafka Streams topology: {@code sensors → score → predictions | dead-letter}, with
 * one persistent key-value store of per-device state (changelogged, so it survives restarts and
 * moves with its partition when instances scale out).
 *
 * <p>Semantics per device (see {@link ScoringProcessor}): a record whose {@code seq} (or, without
 * one, timestamp) is not newer than the last accepted one is a duplicate or out of order and goes
 * to the dead-letter topic (rule {@code DUPLICATE_SEQUENCE}), never into the state; a gap in {@code
 * seq} restarts the warm-up (a HiSS model with Δt input keeps its state: its Δt scale carries the
 * gap), and so does an event-time gap longer than {@link ScorerConfig#maxGap()}; the first {@code
 * order} samples only warm up; afterwards one prediction is emitted at every chunk boundary ({@code
 * (seq + 1) % chunkSize == 0}). Records outside the event contract, or whose key differs from their
 * device id, go to the dead-letter topic with the reason headers of {@link
 * dev.hiss.ingestion.Topics}.
 */
public final class ScorerTopology {
  /** Name of the per-device state store. */
  public static final String STATE_STORE = "device-state";

  private ScorerTopology() {}

  /** Builds the topology for one fixed model, with meters in a private registry. */
  public static Topology build(ScorerConfig c, LinearAutoregression model, String modelVersion) {
    ScoringModel fixed = new ScoringModel(model, modelVersion);
    return build(c, () -> fixed, ScorerMetrics.inMemory());
  }

  /**
   * Builds the topology.
   *
   * @param models the model in service, read once per record (a {@link ModelWatcher} swaps it)
   * @param metrics the meters every task updates
   */
  public static Topology build(
      ScorerConfig c, Supplier<ScoringModel> models, ScorerMetrics metrics) {
    return build(c, models, metrics, Stores.persistentKeyValueStore(STATE_STORE));
  }

  /**
   * Builds the topology with another kind of state store (e.g. {@link Stores#inMemoryKeyValueStore}
   * named {@value #STATE_STORE}, restored from its changelog on restart instead of kept on disk).
   */
  public static Topology build(
      ScorerConfig c,
      Supplier<ScoringModel> models,
      ScorerMetrics metrics,
      KeyValueBytesStoreSupplier store) {
    if (!STATE_STORE.equals(store.name())) {
      throw new IllegalArgumentException(
          "Invalid store name = '" + store.name() + "'; must be " + STATE_STORE);
    }
    Topology t = new Topology();
    t.addSource(
        "sensors",
        Serdes.String().deserializer(),
        Serdes.ByteArray().deserializer(),
        c.sensorsTopic());
    t.addProcessor(
        "score",
        () ->
            new ScoringProcessor(
                models,
                metrics,
                c.chunkSize(),
                STATE_STORE,
                c.anomaly(),
                c.deviceTtl(),
                c.maxGap()),
        "sensors");
    t.addStateStore(
        Stores.keyValueStoreBuilder(store, Serdes.String(), Serdes.ByteArray())
            .withCachingEnabled(),
        "score");
    t.addSink(
        ScoringProcessor.PREDICTIONS_CHILD,
        c.predictionsTopic(),
        Serdes.String().serializer(),
        Serdes.ByteArray().serializer(),
        "score");
    t.addSink(
        ScoringProcessor.ALERTS_CHILD,
        c.alertsTopic(),
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
