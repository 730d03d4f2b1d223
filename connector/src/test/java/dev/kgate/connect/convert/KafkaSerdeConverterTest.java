package dev.kgate.connect.convert;

import org.apache.kafka.common.serialization.DoubleSerializer;
import org.apache.kafka.common.serialization.FloatSerializer;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.ShortSerializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KafkaSerdeConverterTest {

    private final KafkaSerdeConverter converter = new KafkaSerdeConverter();

    @Test
    void writesEachTypeAsKafkasOwnSerializerDoes() {
        assertArrayEquals(new byte[]{1, 2}, converter.fromConnectData("t", Schema.OPTIONAL_BYTES_SCHEMA, new byte[]{1, 2}));
        assertArrayEquals(new byte[]{3}, converter.fromConnectData("t", Schema.BYTES_SCHEMA, ByteBuffer.wrap(new byte[]{3})));
        assertArrayEquals("é".getBytes(StandardCharsets.UTF_8), converter.fromConnectData("t", Schema.STRING_SCHEMA, "é"));
        assertArrayEquals(new ShortSerializer().serialize("t", (short) -2),
                converter.fromConnectData("t", Schema.INT16_SCHEMA, (short) -2));
        assertArrayEquals(new IntegerSerializer().serialize("t", 7), converter.fromConnectData("t", Schema.INT32_SCHEMA, 7));
        assertArrayEquals(new LongSerializer().serialize("t", 8L), converter.fromConnectData("t", null, 8L),
                "a schemaless value is written by its Java type");
        assertArrayEquals(new FloatSerializer().serialize("t", 1.5f),
                converter.fromConnectData("t", Schema.FLOAT32_SCHEMA, 1.5f));
        assertArrayEquals(new DoubleSerializer().serialize("t", 2.5),
                converter.fromConnectData("t", Schema.FLOAT64_SCHEMA, 2.5));
        assertNull(converter.fromConnectData("t", Schema.OPTIONAL_STRING_SCHEMA, null));
    }

    @Test
    void refusesStructuredValues() {
        Schema schema = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build();
        assertThrows(DataException.class, () -> converter.fromConnectData("t", schema, new Struct(schema).put("a", 1)));
    }
}
