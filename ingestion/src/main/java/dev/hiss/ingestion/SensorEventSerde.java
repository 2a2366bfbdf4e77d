package dev.hiss.ingestion;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde (clients and Kafka Streams) for {@link SensorEvent}, over {@link SensorEventCodec}.
 * Deserialization throws {@link InvalidEventException} for records outside the contract; stream
 * processors read raw bytes and route such records to the dead-letter topic instead.
 */
public final class SensorEventSerde implements Serde<SensorEvent> {
  @Override
  public Serializer<SensorEvent> serializer() {
    return (topic, event) -> event == null ? null : SensorEventCodec.encode(event);
  }

  @Override
  public Deserializer<SensorEvent> deserializer() {
    return (topic, bytes) -> bytes == null ? null : SensorEventCodec.decode(bytes);
  }
}
