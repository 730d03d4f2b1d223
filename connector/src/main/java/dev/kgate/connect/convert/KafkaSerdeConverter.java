package dev.kgate.connect.convert;

import dev.kgate.connect.util.Version;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.DoubleSerializer;
import org.apache.kafka.common.serialization.FloatSerializer;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.ShortSerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Writes each value the way Kafka's own serializer for its schema type does: BYTES as they are, STRING as UTF-8,
 * INT16/INT32/INT64/FLOAT32/FLOAT64 big-endian as Short/Integer/Long/Float/DoubleSerializer. So a record produced
 * through the WebSocket proxy API with {@code valType=int} lands as an IntegerDeserializer reads it, exactly as
 * the original proxy wrote it, while REST bodies still land byte for byte.
 *
 * <p>Use it as {@code key.converter} and {@code value.converter} of the connector. Structured values (a transform
 * that builds a Struct) have no such serializer and are refused with a {@link DataException}.
 *
 * <p>{@link Versioned}, so the worker lists it with the plugin's version ({@code GET /connector-plugins?connectorsOnly=false}).
 */
public class KafkaSerdeConverter implements Converter, Versioned {

    private final StringSerializer strings = new StringSerializer();
    private final ShortSerializer shorts = new ShortSerializer();
    private final IntegerSerializer ints = new IntegerSerializer();
    private final LongSerializer longs = new LongSerializer();
    private final FloatSerializer floats = new FloatSerializer();
    private final DoubleSerializer doubles = new DoubleSerializer();
    private final ByteArraySerializer bytes = new ByteArraySerializer();

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // Nothing to configure: the schema of each value decides.
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        Schema.Type type = schema != null ? schema.type() : inferredType(value);
        return switch (type) {
            case BYTES -> value instanceof ByteBuffer buffer ? bytesOf(buffer) : bytes.serialize(topic, (byte[]) value);
            case STRING -> strings.serialize(topic, (String) value);
            case INT16 -> shorts.serialize(topic, (Short) value);
            case INT32 -> ints.serialize(topic, (Integer) value);
            case INT64 -> longs.serialize(topic, (Long) value);
            case FLOAT32 -> floats.serialize(topic, (Float) value);
            case FLOAT64 -> doubles.serialize(topic, (Double) value);
            default -> throw new DataException("KafkaSerdeConverter writes bytes, strings and numbers; a " + type
                    + " value needs a converter for structured data, such as the JsonConverter");
        };
    }

    private static Schema.Type inferredType(Object value) {
        Schema.Type type = org.apache.kafka.connect.data.ConnectSchema.schemaType(value.getClass());
        if (type == null) {
            throw new DataException("KafkaSerdeConverter cannot write a schemaless " + value.getClass().getName());
        }
        return type;
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }

    /** The type of the bytes is not recorded in them: they come back as they are, as optional BYTES. */
    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        return new SchemaAndValue(Schema.OPTIONAL_BYTES_SCHEMA, value);
    }
}
