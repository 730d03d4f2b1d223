package dev.kgate.http.ws;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kgate.http.ingest.TypedValue;
import org.apache.avro.util.Utf8;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Format types decode values clients send ({@code /socket/in} JSON and Avro) and bytes other producers wrote
 * ({@code /socket/out}): a value either fits its type exactly or is refused with an IllegalArgumentException.
 */
class FormatTypeFuzzTest {

    private static final FormatType[] TYPES = FormatType.values();
    /** Numbers are equal by value: 2.1e1 may come back as 21. */
    private static final Comparator<JsonNode> SAME_NUMBER = (a, b) -> a.equals(b) ? 0
            : a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;

    /** The first byte picks the type, the rest is the JSON value of a frame's {@code value} or {@code key}. */
    @DictionaryFile(resourcePath = "/dev/kgate/http/json.dict")
    @FuzzTest
    void fromJson(byte[] input) {
        if (input.length == 0) {
            return;
        }
        FormatType type = TYPES[(input[0] & 0xff) % TYPES.length];
        JsonNode node;
        try {
            node = JsonText.MAPPER.readTree(input, 1, input.length - 1);
        } catch (IOException e) {
            return; // Not JSON: the frame reader refuses it before any type is applied.
        }
        if (node == null || node.isMissingNode()) {
            return;
        }
        TypedValue value;
        try {
            value = type.fromJson(node);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().startsWith("format " + type.wireName() + " needs"), e.getMessage());
            return;
        }
        assertEquals(type.valueType(), value.type());
        switch (type) {
            case JSON -> assertTrue(node.equals(SAME_NUMBER, JsonText.parse((String) value.value())),
                    "the JSON text is the value: " + value.value());
            case STRING -> assertEquals(node.textValue(), value.value());
            case AVRO, BYTEARRAY -> assertArrayEquals(Base64.getDecoder().decode(node.textValue()),
                    (byte[]) value.value());
            case INT, SHORT, LONG -> assertEquals(node.bigIntegerValue(),
                    BigInteger.valueOf(((Number) value.value()).longValue()), "a whole number, exactly");
            case DOUBLE -> assertTrue(Double.isFinite((Double) value.value()));
            case FLOAT -> assertTrue(Float.isFinite((Float) value.value()));
        }
    }

    /** The first byte picks the type, the rest is a record's key or value as it lies in Kafka. */
    @FuzzTest
    void decode(byte[] input) {
        if (input.length == 0) {
            return;
        }
        FormatType type = TYPES[(input[0] & 0xff) % TYPES.length];
        byte[] stored = Arrays.copyOfRange(input, 1, input.length);
        Object decoded;
        try {
            decoded = type.decode(stored);
        } catch (IllegalArgumentException e) {
            assertNotNull(e.getMessage());
            return;
        }
        assertNotNull(decoded);
        switch (type) {
            case SHORT -> assertEquals(2, stored.length);
            case INT, FLOAT -> assertEquals(4, stored.length);
            case LONG, DOUBLE -> assertEquals(8, stored.length);
            case AVRO, BYTEARRAY -> assertArrayEquals(stored, Base64.getDecoder().decode((String) decoded));
            default -> { }
        }
        Object forAvro = type.decodeForAvro(stored);
        assertNotNull(forAvro);
    }

    /**
     * The first byte picks the type, the second the Java type Avro's reader gave for the union branch, the rest
     * its content.
     */
    @FuzzTest
    void fromAvro(byte[] input) {
        if (input.length < 2) {
            return;
        }
        FormatType type = TYPES[(input[0] & 0xff) % TYPES.length];
        byte[] content = Arrays.copyOfRange(input, 2, input.length);
        ByteBuffer number = ByteBuffer.wrap(Arrays.copyOf(content, 8));
        Object branch = switch ((input[1] & 0xff) % 7) {
            case 0 -> ByteBuffer.wrap(content);
            case 1 -> new Utf8(content);
            case 2 -> new String(content, StandardCharsets.UTF_8);
            case 3 -> number.getInt();
            case 4 -> number.getLong();
            case 5 -> number.getDouble();
            default -> number.getFloat();
        };
        try {
            TypedValue value = type.fromAvro(branch);
            assertEquals(type.valueType(), value.type());
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().startsWith("format " + type.wireName() + " needs"), e.getMessage());
        }
    }
}
