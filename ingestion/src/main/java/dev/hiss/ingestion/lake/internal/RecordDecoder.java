package dev.hiss.ingestion.lake.internal;

import dev.hiss.ingestion.DeadLetter;
import dev.hiss.ingestion.InvalidEventException;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.ValidationPolicy;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Decodes Kafka rows {@code (key, value, partition, offset, headers)} with {@link
 * SensorEventCodec}: the same validation as every other edge. Valid rows carry the typed lake
 * columns; rejected rows carry the original bytes (bounded by {@link DeadLetter}) and the reason.
 */
public final class RecordDecoder implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** Output schema; {@code reject_reason} is null for valid rows. */
  public static final StructType DECODED_SCHEMA =
      new StructType(
          new StructField[] {
            DataTypes.createStructField("device", DataTypes.StringType, true),
            DataTypes.createStructField("ts", DataTypes.TimestampType, true),
            DataTypes.createStructField("ts_ns", DataTypes.LongType, true),
            DataTypes.createStructField("seq", DataTypes.LongType, true),
            DataTypes.createStructField(
                "channels",
                DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false),
                true),
            DataTypes.createStructField(
                "units",
                DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, false),
                true),
            DataTypes.createStructField(
                "quality",
                DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType, false),
                true),
            DataTypes.createStructField("kafka_partition", DataTypes.IntegerType, false),
            DataTypes.createStructField("kafka_offset", DataTypes.LongType, false),
            DataTypes.createStructField("date", DataTypes.StringType, true),
            DataTypes.createStructField("bucket", DataTypes.IntegerType, true),
            DataTypes.createStructField("reject_rule", DataTypes.StringType, true),
            DataTypes.createStructField("reject_field", DataTypes.StringType, true),
            DataTypes.createStructField("reject_reason", DataTypes.StringType, true),
            DataTypes.createStructField("raw_key", DataTypes.BinaryType, true),
            DataTypes.createStructField("raw_value", DataTypes.BinaryType, true),
            DataTypes.createStructField(
                "raw_headers",
                DataTypes.createArrayType(
                    new StructType()
                        .add("key", DataTypes.StringType)
                        .add("value", DataTypes.BinaryType)),
                true)
          });

  private final int buckets;
  private final ValidationPolicy policy;

  public RecordDecoder(int buckets, ValidationPolicy policy) {
    this.buckets = buckets;
    this.policy = policy;
  }

  /**
   * The device bucket of the lake partitioning: stable across JVMs (String.hashCode is specified).
   */
  public static int bucket(String deviceId, int buckets) {
    return Math.floorMod(deviceId.hashCode(), buckets);
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return input.hasNext();
      }

      @Override
      public Row next() {
        return decode(input.next());
      }
    };
  }

  private Row decode(Row in) {
    byte[] key = in.getAs("key");
    byte[] value = in.getAs("value");
    int partition = in.getAs("partition");
    long offset = in.getAs("offset");
    Object headers = in.getAs("headers");
    try {
      SensorEvent e = SensorEventCodec.decode(value, policy);
      if (key != null) {
        SensorEventCodec.checkKey(new String(key, StandardCharsets.UTF_8), e);
      }
      Instant t = e.timestamp();
      return RowFactory.create(
          e.deviceId(),
          Timestamp.from(t),
          e.timestampNs(),
          e.seq() < 0 ? null : e.seq(),
          scala.collection.JavaConverters.mapAsScalaMap(e.channels()),
          e.units().isEmpty() ? null : scala.collection.JavaConverters.mapAsScalaMap(e.units()),
          e.quality().isEmpty() ? null : scala.collection.JavaConverters.mapAsScalaMap(e.quality()),
          partition,
          offset,
          t.atZone(ZoneOffset.UTC).toLocalDate().toString(),
          bucket(e.deviceId(), buckets),
          null,
          null,
          null,
          null,
          null,
          null);
    } catch (InvalidEventException ex) {
      DeadLetter.Bounded b = DeadLetter.bound(key, value, headerList(headers));
      List<Row> kept = new ArrayList<>();
      for (DeadLetter.Header h : b.headers()) {
        kept.add(RowFactory.create(h.key(), h.value()));
      }
      if (b.truncated() != null) {
        kept.add(
            RowFactory.create(
                Topics.HEADER_TRUNCATED, b.truncated().getBytes(StandardCharsets.UTF_8)));
      }
      return RowFactory.create(
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          partition,
          offset,
          null,
          null,
          ex.rule().name(),
          ex.field(),
          ex.getMessage(),
          b.key(),
          b.value(),
          scala.collection.JavaConverters.asScalaBuffer(kept).toList());
    }
  }

  /** The Kafka source's {@code headers} column (an array of (key, value) structs, or null). */
  private static List<DeadLetter.Header> headerList(Object headers) {
    List<DeadLetter.Header> out = new ArrayList<>();
    if (headers instanceof scala.collection.Seq<?> seq) {
      for (Object o : scala.collection.JavaConverters.seqAsJavaList(seq)) {
        Row h = (Row) o;
        out.add(new DeadLetter.Header(h.getString(0), (byte[]) h.get(1)));
      }
    }
    return out;
  }
}
