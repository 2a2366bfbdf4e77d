package dev.hiss.ops.bench;

import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.broker.EmbeddedKafkaBroker;
import dev.hiss.streaming.Scorer;
import dev.hiss.streaming.ScorerConfig;
import dev.hiss.streaming.ScorerOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The paced mode of {@link ScorerBenchmark}: once the scorer is RUNNING, a producer sends events
 * round-robin over the devices at a fixed rate for a fixed duration ({@link Pacer}), while a
 * read_committed consumer reads the predictions. The end-to-end latency of a prediction is the time
 * it was read minus the send time of the event that completed it (the prediction carries that
 * event's device and seq; {@link LatencyBook}); it includes the producer's batching, the broker,
 * the scorer and its exactly-once commit. At the end of production the scorer's input lag (from its
 * committed offsets) and the predictions still outstanding say whether it kept up.
 */
final class PacedRun {
  /** Longest wait for the predictions still outstanding when production ends. */
  static final Duration GRACE = Duration.ofSeconds(60);

  /** The run's latencies are also shown by the send time of the event, in this many windows. */
  static final int WINDOWS = 6;

  private final PrintStream out;
  private final EmbeddedKafkaBroker broker;
  private final BenchFleet fleet;
  private final BenchModel model;
  private final ScorerBenchSettings s;

  PacedRun(
      PrintStream out,
      EmbeddedKafkaBroker broker,
      BenchFleet fleet,
      BenchModel model,
      ScorerBenchSettings s) {
    this.out = out;
    this.broker = broker;
    this.fleet = fleet;
    this.model = model;
    this.s = s;
  }

  void run(ScorerConfig sc, ScorerOptions so) throws IOException {
    long total = Pacer.events(s.rate(), s.duration());
    int devices = fleet.devices();
    int phases = s.staggered() ? model.samplesPerPrediction() : 1;
    long expected = 0;
    for (int d = 0; d < devices; d++) {
      expected += model.predictions(Pacer.samplesOf(d, total, devices, phases));
    }
    out.printf(
        "paced: %,d slots at %,.0f events/s for %s (%.2f Hz per device), %s; expecting %,d"
            + " predictions%n",
        total,
        s.rate(),
        s.duration(),
        s.rate() / devices,
        phases == 1
            ? "all devices reach their chunk ends in the same round"
            : "devices join over " + phases + " rounds (staggered chunk ends)",
        expected);
    // one admin client for the lag samples: a new one per sample is a thread, a connection and a
    // metadata round trip every few seconds on the cores the scorer shares
    try (Scorer scorer = Scorer.start(sc, so);
        Admin admin = broker.admin()) {
      awaitRunning(scorer);
      LatencyBook book = new LatencyBook(devices, (int) ((total + devices - 1) / devices));
      LatencyBook written = new LatencyBook(devices, (int) ((total + devices - 1) / devices));
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong read = new AtomicLong();
      AtomicLong readWritten = new AtomicLong();
      final long want = expected;
      Thread reader =
          new Thread(
              () -> readPredictions("read_committed", book, read, want, stop),
              "bench-prediction-reader");
      reader.setDaemon(true);
      reader.start();
      Thread uncommitted =
          new Thread(
              () -> readPredictions("read_uncommitted", written, readWritten, want, stop),
              "bench-uncommitted-reader");
      uncommitted.setDaemon(true);
      uncommitted.start();
      AtomicLong sentCount = new AtomicLong();
      long sampleMs = Math.max(5_000, s.duration().toMillis() / 20);
      long[] window;
      List<LoadSampler.Sample> samples;
      try (LoadSampler sampler =
          new LoadSampler(out, sentCount, read, () -> inputLag(admin, sc.applicationId()), sampleMs)
              .start()) {
        window = produce(List.of(book, written), total, phases, sentCount); // first, last send
        samples = sampler.samples();
      }
      long endNanos = System.nanoTime();
      long sent = sentCount.get();
      double achieved = sent / ((window[1] - window[0]) / 1e9);
      long lag = inputLag(admin, sc.applicationId());
      long outstanding = expected - read.get();
      long deadline = endNanos + GRACE.toNanos();
      while ((read.get() < expected || readWritten.get() < expected)
          && System.nanoTime() < deadline) {
        sleep(20);
      }
      double drained = (System.nanoTime() - endNanos) / 1e9;
      stop.set(true);
      join(reader);
      join(uncommitted);
      LatencySummary l = book.summary();
      long warmup = s.warmup().toNanos();
      LatencySummary steady = book.summary(window[0] + warmup, window[1] + 1);
      out.printf(
          "produced %,d events in %.1f s: achieved %,.0f events/s (target %,.0f)%n",
          sent, (window[1] - window[0]) / 1e9, achieved, s.rate());
      out.printf(
          "at the end of production: scorer input lag %,d events (committed offsets), %,d"
              + " predictions outstanding; %s%n",
          lag,
          outstanding,
          read.get() >= expected
              ? String.format(
                  "all %,d predictions read %.2f s after the last send", expected, drained)
              : String.format(
                  "only %,d of %,d predictions read %.0f s after the last send",
                  read.get(), expected, drained));
      boolean keptUp = read.get() >= expected && lag <= s.rate();
      if (!samples.isEmpty()) {
        long heapMax =
            samples.stream().mapToLong(LoadSampler.Sample::liveHeapBytes).max().getAsLong();
        long lagMax = samples.stream().mapToLong(LoadSampler.Sample::lag).max().getAsLong();
        out.printf(
            "sustained: %d samples every %.0f s; scorer input lag max %,d events; live heap first"
                + " %.1f, max %.1f, last %.1f MiB; lag and heap flat: %s (criterion: last lag <= 1"
                + " s of events, live heap of the second half <= 1.2 x the first half's max)%n",
            samples.size(),
            sampleMs / 1e3,
            lagMax,
            samples.get(0).liveHeapBytes() / 1048576.0,
            heapMax / 1048576.0,
            samples.get(samples.size() - 1).liveHeapBytes() / 1048576.0,
            LoadSampler.flat(samples, (long) s.rate(), 0.2) ? "yes" : "NO");
      }
      out.printf(
          "kept up: %s (criterion: input lag at the end <= 1 s of events and every prediction"
              + " read)%n",
          keptUp ? "yes" : "NO");
      out.printf(
          "end-to-end latency (send of the completing event -> read_committed read): all %,d"
              + " predictions %s; after the first %.1f s (warm-up), %,d predictions %s; unknown"
              + " %d, duplicates %d%n",
          l.count(),
          l.toMillis(),
          warmup / 1e9,
          steady.count(),
          steady.toMillis(),
          book.unknown(),
          book.duplicates());
      LatencySummary early = written.summary(window[0] + warmup, window[1] + 1);
      out.printf(
          "written (read_uncommitted: the prediction is in the log, its transaction not yet"
              + " committed): after the warm-up, %,d predictions %s; duplicates %d%n",
          early.count(), early.toMillis(), written.duplicates());
      long width = s.duration().toNanos() / WINDOWS;
      for (int w = 0; w < WINDOWS; w++) {
        long from = window[0] + w * width;
        LatencySummary lw = book.summary(from, w == WINDOWS - 1 ? window[1] + 1 : from + width);
        out.printf(
            "  events sent %5.1f-%5.1f s: %,7d predictions %s%n",
            w * width / 1e9, (w + 1) * width / 1e9, lw.count(), lw.toMillis());
      }
    }
  }

  /** Sends {@code total} events at the paced rate; returns the first and last send nanos. */
  private long[] produce(List<LatencyBook> books, long total, int phases, AtomicLong sentCount) {
    AtomicReference<Exception> failure = new AtomicReference<>();
    long first;
    long last;
    try (KafkaProducer<String, byte[]> producer =
        // uncompressed: with a batch per millisecond, lz4's 64 KiB block buffer per batch was half
        // of this JVM's allocation and set the GC rhythm of the scorer that shares the JVM
        ScorerBenchmark.producer(broker.bootstrapServers(), 1, "none")) {
      Pacer pacer = new Pacer(s.rate(), fleet.devices(), phases, System.nanoTime());
      first = System.nanoTime();
      last = first;
      for (long i = 0; i < total && failure.get() == null; i++) {
        pacer.awaitTurn(i);
        int d = pacer.device(i);
        long seq = pacer.seq(i);
        if (seq < 0) {
          continue; // the device has not joined yet: the slot stays idle
        }
        ProducerRecord<String, byte[]> r =
            new ProducerRecord<>(Topics.SENSORS, fleet.deviceId(d), fleet.encoded(d, seq));
        last = System.nanoTime();
        for (LatencyBook book : books) {
          book.sent(d, seq, last);
        }
        sentCount.incrementAndGet();
        producer.send(
            r,
            (md, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              }
            });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("Producing failed: " + failure.get(), failure.get());
    }
    return new long[] {first, last};
  }

  private void readPredictions(
      String isolation, LatencyBook book, AtomicLong read, long expected, AtomicBoolean stop) {
    try (KafkaConsumer<String, byte[]> c =
        ScorerBenchmark.reader(broker.bootstrapServers(), isolation)) {
      while (!stop.get() && read.get() < expected) {
        ConsumerRecords<String, byte[]> batch = c.poll(Duration.ofMillis(50));
        long now = System.nanoTime();
        for (ConsumerRecord<String, byte[]> r : batch) {
          Prediction p = Prediction.decode(r.value());
          book.predicted(fleet.deviceIndex(p.deviceId()), p.seq(), now);
          read.incrementAndGet();
        }
      }
    }
  }

  /** Events of the sensors topic not yet committed by the scorer's consumer group. */
  private long inputLag(Admin admin, String group) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < s.partitions(); p++) {
        latest.put(new TopicPartition(Topics.SENSORS, p), OffsetSpec.latest());
      }
      long lag = 0;
      for (var e : admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        lag += e.getValue().offset() - (c == null ? 0 : c.offset());
      }
      return lag;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot read the scorer's lag: " + e.getMessage(), e);
    }
  }

  private static void awaitRunning(Scorer scorer) {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (scorer.state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Scorer not RUNNING after 120 s: " + scorer.state());
      }
      sleep(20);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }

  private static void join(Thread t) {
    try {
      t.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }
}
