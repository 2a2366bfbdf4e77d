package dev.hiss.ingestion.replay;

import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import dev.hiss.ingestion.Topics;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Replays one recording as a fleet of devices: the recording is cut into {@code devices}
 * contiguous, equally long segments, and device {@code i} ({@code <prefix>-i}) sends segment {@code
 * i} with sequence numbers from 0 and event times {@code startNs + t}. Every device so carries
 * real, different signal. Records are produced with an idempotent producer and {@code acks=all}.
 */
public final class FleetReplay {
  private final Recording recording;
  private final int devices;
  private final int samplesPerDevice;
  private final String devicePrefix;
  private final long startNs;

  /**
   * @param recording the recording to cut
   * @param devices number of devices, at least 1
   * @param samplesPerDevice samples each device sends; at most {@code recording.length() /
   *     devices}; 0 takes that maximum
   * @param devicePrefix device ids are {@code prefix-0 .. prefix-(devices-1)}
   * @param startNs event time of each device's first sample (epoch ns)
   */
  public FleetReplay(
      Recording recording, int devices, int samplesPerDevice, String devicePrefix, long startNs) {
    if (devices < 1) {
      throw new IllegalArgumentException("Invalid devices = " + devices + "; must be >= 1");
    }
    int max = recording.length() / devices;
    if (samplesPerDevice < 0 || samplesPerDevice > max) {
      throw new IllegalArgumentException(
          "Invalid samplesPerDevice = "
              + samplesPerDevice
              + "; must be in [0, "
              + max
              + "] for "
              + devices
              + " devices of "
              + recording.name());
    }
    this.recording = recording;
    this.devices = devices;
    this.samplesPerDevice = samplesPerDevice == 0 ? max : samplesPerDevice;
    this.devicePrefix = devicePrefix;
    this.startNs = startNs;
  }

  /** Device id of device {@code i}. */
  public String deviceId(int i) {
    return devicePrefix + "-" + i;
  }

  /** Number of devices. */
  public int devices() {
    return devices;
  }

  /** Samples each device sends. */
  public int samplesPerDevice() {
    return samplesPerDevice;
  }

  /** Total events this replay sends. */
  public long totalEvents() {
    return (long) devices * samplesPerDevice;
  }

  /** The value device {@code i} sends with sequence number {@code seq}. */
  public double value(int device, long seq) {
    return recording.values()[device * (recording.length() / devices) + (int) seq];
  }

  /** The event of device {@code i} with sequence number {@code seq}. */
  public SensorEvent event(int device, long seq) {
    int idx = device * (recording.length() / devices) + (int) seq;
    int first = device * (recording.length() / devices);
    long offsetNs = Math.round((recording.timesS()[idx] - recording.timesS()[first]) * 1e9);
    return SensorEvent.of(
        deviceId(device), startNs + offsetNs, seq, recording.channel(), recording.values()[idx]);
  }

  /**
   * Sends every event (interleaved across devices in time order) and waits for all acks.
   *
   * @return events sent per device
   */
  public Map<String, Long> sendAll(String bootstrapServers, String topic) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    Map<String, Long> sent = new LinkedHashMap<>();
    byte[] schema =
        Integer.toString(SensorEvent.SCHEMA_VERSION).getBytes(StandardCharsets.US_ASCII);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      AtomicReference<Exception> failure = new AtomicReference<>();
      for (int s = 0; s < samplesPerDevice; s++) {
        for (int d = 0; d < devices; d++) {
          SensorEvent e = event(d, s);
          ProducerRecord<String, byte[]> rec =
              new ProducerRecord<>(topic, e.deviceId(), SensorEventCodec.encode(e));
          rec.headers().add(Topics.HEADER_SCHEMA, schema);
          producer.send(
              rec,
              (md, ex) -> {
                if (ex != null) {
                  failure.compareAndSet(null, ex);
                }
              });
          sent.merge(e.deviceId(), 1L, Long::sum);
        }
      }
      producer.flush();
      if (failure.get() != null) {
        throw new IllegalStateException("Replay to " + topic + " failed", failure.get());
      }
    }
    return sent;
  }
}
