package dev.hiss.streaming;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running scorer instance: {@link ScorerTopology} under exactly-once v2. */
public final class Scorer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Scorer.class);

  private final KafkaStreams streams;

  private Scorer(KafkaStreams streams) {
    this.streams = streams;
  }

  /** Starts a scorer; returns at once (the instance joins its group in the background). */
  public static Scorer start(ScorerConfig c, LinearAutoregression model, String modelVersion) {
    KafkaStreams s =
        new KafkaStreams(ScorerTopology.build(c, model, modelVersion), c.streamsProperties());
    s.setUncaughtExceptionHandler(
        e -> {
          LOG.error("Scorer stream thread failed; replacing it", e);
          return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler
              .StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    s.start();
    return new Scorer(s);
  }

  /** Current Kafka Streams state. */
  public KafkaStreams.State state() {
    return streams.state();
  }

  /** Stops processing, committing what was processed. */
  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
  }
}
