package dev.hiss.streaming.bench;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import dev.hiss.model.hiss.HissForecaster;
import dev.hiss.model.hiss.HissModel;
import dev.hiss.model.hiss.HissPreprocessing;
import dev.hiss.model.hiss.HissPresets;
import dev.hiss.streaming.AnomalySettings;
import dev.hiss.streaming.HissServing;
import dev.hiss.streaming.ScorerMetrics;
import dev.hiss.streaming.ScoringModel;
import dev.hiss.streaming.internal.ScoringProcessor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * CPU time per record of the scorer's processor alone: {@link ScoringProcessor} with Kafka Streams'
 * mock context and an in-memory store (no driver, no broker, no changelog), round-robin over many
 * devices, so that the figure is the processor's own per-record cost (decode, the device's state in
 * and out of its stored bytes, the model step, the prediction). Thread CPU time is measured around
 * the {@code process} calls only, which makes the figure less sensitive to other load on the
 * machine than wall time.
 *
 * <p>Run (class path as for {@link ScorerBench}): {@code java -cp ...
 * dev.hiss.streaming.bench.ProcessorBench [devices] [eventsPerDevice] [ar|hiss]}, defaults {@code
 * 10000 40 hiss} (hiss = preset {@code tiny}, untrained, one chunk forecast per 10 samples; ar =
 * order 16, one prediction per 36 samples). Prints three rounds; the first includes JIT warm-up.
 */
public final class ProcessorBench {
  private static final long T0 = 1_767_225_600_000_000_000L;

  private ProcessorBench() {}

  /**
   * Runs the benchmark.
   *
   * @param args devices, events per device, model (all optional)
   */
  public static void main(String[] args) {
    int devices = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int perDevice = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    boolean hiss = args.length <= 2 || args[2].equals("hiss");
    double[] c = new double[16];
    c[0] = 1;
    ScoringModel served =
        hiss
            ? ScoringModel.hiss(
                new HissServing(
                    new HissForecaster(
                        new HissModel(HissPresets.preset("tiny", 1, 1), 1),
                        HissPreprocessing.identity(1, 1)),
                    List.of("x"),
                    "x"),
                "bench")
            : new ScoringModel(new LinearAutoregression("x", 16, 1, 0, c), "bench");
    int chunk = hiss ? 10 : 36;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    String[] ids = new String[devices];
    for (int d = 0; d < devices; d++) {
      ids[d] = "device-" + d;
    }
    for (int round = 0; round < 3; round++) {
      MockProcessorContext<String, byte[]> context = new MockProcessorContext<>();
      KeyValueStore<String, byte[]> store =
          Stores.keyValueStoreBuilder(
                  Stores.inMemoryKeyValueStore("s"), Serdes.String(), Serdes.ByteArray())
              .withLoggingDisabled()
              .build();
      store.init(context.getStateStoreContext(), store);
      context.addStateStore(store);
      ScoringProcessor p =
          new ScoringProcessor(
              () -> served, ScorerMetrics.inMemory(), chunk, "s", AnomalySettings.DEFAULT, null);
      p.init(context);
      byte[][] encoded = new byte[devices][];
      long cpu = 0;
      long records = 0;
      for (int s = 0; s < perDevice; s++) {
        for (int d = 0; d < devices; d++) {
          double v = Math.sin(0.01 * s * (1 + d % 7)) + d % 13;
          encoded[d] =
              SensorEventCodec.encode(SensorEvent.of(ids[d], T0 + 2_777_777L * s, s, "x", v));
        }
        long c0 = threads.getCurrentThreadCpuTime();
        for (int d = 0; d < devices; d++) {
          p.process(new Record<>(ids[d], encoded[d], 1000L + s));
        }
        cpu += threads.getCurrentThreadCpuTime() - c0;
        records += devices;
        context.resetForwards();
      }
      System.out.printf(
          Locale.ROOT,
          "ProcessorBench %s, %,d devices x %d events, round %d: %.2f us CPU per record"
              + " (%,.0f records per CPU-second)%n",
          hiss ? "HiSS tiny" : "AR order 16",
          devices,
          perDevice,
          round,
          cpu / 1e3 / records,
          records / (cpu / 1e9));
    }
  }
}
