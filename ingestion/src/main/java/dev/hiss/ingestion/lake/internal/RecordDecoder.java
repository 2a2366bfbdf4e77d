package dev.hiss.ingestion.lake.internal;

import dev.hiss.ingestion.InvalidEventException;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import dev.hiss.ingestion.ValidationPolicy;
import dev.hiss.ingestion.ValidationRule;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Decodes Kafka rows {@code (key, value, partition, offset, headers)} with {@link
 * SensorEventCodec}: the same validation as every other edge. Valid rows carry the typed lake
 * columns; rejected rows carry the original bytes and the reason.
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

  private static final Object NO_HEADERS =
      scala.collection.JavaConverters.asScalaBuffer(new ArrayList<Row>()).toList();

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
      if (key != null && !e.deviceId().equals(new String(key, StandardCharsets.UTF_8))) {
        throw new InvalidEventException(
            ValidationRule.KEY_MISMATCH,
            "key",
            new String(key, StandardCharsets.UTF_8),
            "must equal deviceId '" + e.deviceId() + "'");
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
          key,
          value,
          headers == null ? NO_HEADERS : headers);
    }
  }
}
