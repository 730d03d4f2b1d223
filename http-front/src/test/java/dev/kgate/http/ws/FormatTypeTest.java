package dev.kgate.http.ws;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.ingest.TypedValue;
import dev.kgate.http.ingest.ValueType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FormatTypeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static TypedValue json(FormatType type, String value) throws Exception {
        return type.fromJson(JSON.readTree(value));
    }

    private static void refused(FormatType type, String value) {
        assertThrows(IllegalArgumentException.class, () -> json(type, value), type + " " + value);
    }

    @Test
    void namesAreTheApisCaseInsensitive() {
        assertEquals(FormatType.BYTEARRAY, FormatType.named("ByteArray"));
        assertEquals(FormatType.INT, FormatType.named(" int "));
        assertNull(FormatType.named("integer"));
    }

    @Test
    void eachTypeTakesOnlyWhatFitsIt() throws Exception {
        assertEquals(new TypedValue(ValueType.INT32, 7), json(FormatType.INT, "7"));
        assertEquals(new TypedValue(ValueType.INT16, (short) -5), json(FormatType.SHORT, "-5"));
        assertEquals(new TypedValue(ValueType.INT64, 1L << 60), json(FormatType.LONG, String.valueOf(1L << 60)));
        assertEquals(new TypedValue(ValueType.FLOAT64, 0.5), json(FormatType.DOUBLE, "0.5"));
        assertEquals(new TypedValue(ValueType.FLOAT32, 2.0f), json(FormatType.FLOAT, "2"));
        assertEquals(TypedValue.string("s"), json(FormatType.STRING, "\"s\""));
        assertEquals(new TypedValue(ValueType.JSON, "{\"a\":[1,{\"b\":null}]}"),
                json(FormatType.JSON, "{ \"a\" : [1, {\"b\": null}] }"));
        assertArrayEquals(new byte[]{1, 2}, (byte[]) json(FormatType.BYTEARRAY, "\"AQI=\"").value());
        refused(FormatType.INT, "\"7\"");
        refused(FormatType.INT, "7.5");
        refused(FormatType.INT, "2147483648");
        refused(FormatType.SHORT, "32768");
        refused(FormatType.LONG, "9223372036854775808");
        refused(FormatType.FLOAT, "1e39");
        refused(FormatType.DOUBLE, "\"1\"");
        refused(FormatType.STRING, "1");
        refused(FormatType.AVRO, "\"%%%\"");
    }

    @Test
    void anAvroUnionBranchMustBeTheTypesOwn() {
        assertEquals(new TypedValue(ValueType.INT16, (short) 3), FormatType.SHORT.fromAvro(3));
        assertArrayEquals(new byte[]{9}, (byte[]) FormatType.AVRO.fromAvro(ByteBuffer.wrap(new byte[]{9})).value());
        assertEquals(new TypedValue(ValueType.JSON, "{\"a\":1}"), FormatType.JSON.fromAvro("{ \"a\": 1 }"));
        assertThrows(IllegalArgumentException.class, () -> FormatType.SHORT.fromAvro(70_000));
        assertThrows(IllegalArgumentException.class, () -> FormatType.LONG.fromAvro(3));
        assertThrows(IllegalArgumentException.class, () -> FormatType.JSON.fromAvro("{not json"));
        assertThrows(IllegalArgumentException.class, () -> FormatType.STRING.fromAvro(ByteBuffer.allocate(1)));
    }
}
