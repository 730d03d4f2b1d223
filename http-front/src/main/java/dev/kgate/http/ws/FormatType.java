package dev.kgate.http.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kgate.http.ingest.TypedValue;
import dev.kgate.http.ingest.ValueType;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Locale;

/**
 * The WebSocket proxy API's format types for keys and values, and how a JSON or Avro value becomes a typed value.
 * A value that does not fit its type is refused with the reason; nothing is coerced (no "12" for an int, no 1.5 for
 * a long, no overflowing short).
 */
public enum FormatType {
    JSON("json", ValueType.JSON),
    AVRO("avro", ValueType.BYTES),
    BYTEARRAY("bytearray", ValueType.BYTES),
    STRING("string", ValueType.STRING),
    INT("int", ValueType.INT32),
    SHORT("short", ValueType.INT16),
    LONG("long", ValueType.INT64),
    DOUBLE("double", ValueType.FLOAT64),
    FLOAT("float", ValueType.FLOAT32);

    private final String wireName;
    private final ValueType valueType;

    FormatType(String wireName, ValueType valueType) {
        this.wireName = wireName;
        this.valueType = valueType;
    }

    public String wireName() {
        return wireName;
    }

    public ValueType valueType() {
        return valueType;
    }

    /** @return the type with this name (case-insensitive), or null when there is none */
    public static FormatType named(String name) {
        if (name == null) {
            return null;
        }
        String lower = name.trim().toLowerCase(Locale.ROOT);
        for (FormatType type : values()) {
            if (type.wireName.equals(lower)) {
                return type;
            }
        }
        return null;
    }

    public static String names() {
        StringBuilder names = new StringBuilder();
        for (FormatType type : values()) {
            names.append(names.isEmpty() ? "" : ", ").append(type.wireName);
        }
        return names.toString();
    }

    /**
     * Reads a value of a JSON frame.
     *
     * @throws IllegalArgumentException with the reason when the JSON value does not fit this type
     */
    public TypedValue fromJson(JsonNode node) {
        return switch (this) {
            case JSON -> new TypedValue(valueType, node.toString());
            case AVRO, BYTEARRAY -> TypedValue.bytes(base64(node));
            case STRING -> {
                require(node.isTextual(), node, "a JSON string");
                yield TypedValue.string(node.textValue());
            }
            case INT -> {
                require(node.isIntegralNumber() && node.canConvertToInt(), node, "a whole number in int's range");
                yield new TypedValue(valueType, node.intValue());
            }
            case SHORT -> {
                require(node.isIntegralNumber() && node.canConvertToInt()
                        && node.intValue() >= Short.MIN_VALUE && node.intValue() <= Short.MAX_VALUE,
                        node, "a whole number in short's range");
                yield new TypedValue(valueType, (short) node.intValue());
            }
            case LONG -> {
                require(node.isIntegralNumber() && node.canConvertToLong(), node, "a whole number in long's range");
                yield new TypedValue(valueType, node.longValue());
            }
            case DOUBLE -> {
                require(node.isNumber() && Double.isFinite(node.doubleValue()), node, "a number in double's range");
                yield new TypedValue(valueType, node.doubleValue());
            }
            case FLOAT -> {
                require(node.isNumber() && Float.isFinite((float) node.doubleValue()), node,
                        "a number in float's range");
                yield new TypedValue(valueType, (float) node.doubleValue());
            }
        };
    }

    /**
     * Reads a value of the Avro wrapper: the union branch the client chose must be the one this type is carried in.
     *
     * @param value ByteBuffer, CharSequence, Integer, Long, Double or Float, as Avro's generic reader gives them
     * @throws IllegalArgumentException with the reason when the branch does not fit this type
     */
    public TypedValue fromAvro(Object value) {
        return switch (this) {
            case AVRO, BYTEARRAY -> {
                requireAvro(value instanceof ByteBuffer, value, "bytes");
                ByteBuffer buffer = ((ByteBuffer) value).duplicate();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                yield TypedValue.bytes(bytes);
            }
            case STRING -> {
                requireAvro(value instanceof CharSequence, value, "string");
                yield TypedValue.string(value.toString());
            }
            case JSON -> {
                requireAvro(value instanceof CharSequence, value, "string (the JSON text)");
                yield new TypedValue(valueType, JsonText.compact(value.toString()));
            }
            case INT -> {
                requireAvro(value instanceof Integer, value, "int");
                yield new TypedValue(valueType, value);
            }
            case SHORT -> {
                requireAvro(value instanceof Integer i && i >= Short.MIN_VALUE && i <= Short.MAX_VALUE, value,
                        "int in short's range");
                yield new TypedValue(valueType, ((Integer) value).shortValue());
            }
            case LONG -> {
                requireAvro(value instanceof Long, value, "long");
                yield new TypedValue(valueType, value);
            }
            case DOUBLE -> {
                requireAvro(value instanceof Double, value, "double");
                yield new TypedValue(valueType, value);
            }
            case FLOAT -> {
                requireAvro(value instanceof Float, value, "float");
                yield new TypedValue(valueType, value);
            }
        };
    }

    /**
     * Decodes bytes read from Kafka as this type, the way Kafka's own deserializer for it does: the value for a
     * JSON frame (a JsonNode for {@code json}, base64 text for bytes, String, Short, Integer, Long, Float, Double).
     *
     * @throws IllegalArgumentException when the bytes are not a value of this type
     */
    public Object decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return switch (this) {
            case JSON -> JsonText.parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            case AVRO, BYTEARRAY -> Base64.getEncoder().encodeToString(bytes);
            case STRING -> new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            case SHORT -> {
                requireLength(bytes, 2);
                yield buffer.getShort();
            }
            case INT -> {
                requireLength(bytes, 4);
                yield buffer.getInt();
            }
            case LONG -> {
                requireLength(bytes, 8);
                yield buffer.getLong();
            }
            case FLOAT -> {
                requireLength(bytes, 4);
                yield buffer.getFloat();
            }
            case DOUBLE -> {
                requireLength(bytes, 8);
                yield buffer.getDouble();
            }
        };
    }

    /** The value for the Avro wrapper's union: bytes as a ByteBuffer, text as String, short as int. */
    public Object decodeForAvro(byte[] bytes) {
        return switch (this) {
            case AVRO, BYTEARRAY -> ByteBuffer.wrap(bytes);
            case JSON -> decode(bytes).toString();
            case SHORT -> ((Short) decode(bytes)).intValue();
            default -> decode(bytes);
        };
    }

    private void requireLength(byte[] bytes, int length) {
        if (bytes.length != length) {
            throw new IllegalArgumentException("format " + wireName + " needs " + length + " bytes, the record has "
                    + bytes.length);
        }
    }

    private byte[] base64(JsonNode node) {
        require(node.isTextual(), node, "a base64 string");
        try {
            return Base64.getDecoder().decode(node.textValue());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("format " + wireName + " needs a base64 string: " + e.getMessage());
        }
    }

    private void require(boolean fits, JsonNode node, String what) {
        if (!fits) {
            throw new IllegalArgumentException("format " + wireName + " needs " + what + ", got "
                    + describe(node));
        }
    }

    private void requireAvro(boolean fits, Object value, String branch) {
        if (!fits) {
            throw new IllegalArgumentException("format " + wireName + " needs the Avro union branch " + branch
                    + ", got " + (value == null ? "null" : avroBranchOf(value)));
        }
    }

    private static String avroBranchOf(Object value) {
        if (value instanceof ByteBuffer) {
            return "bytes";
        }
        if (value instanceof CharSequence) {
            return "string";
        }
        return value.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    private static String describe(JsonNode node) {
        String text = node.toString();
        return node.getNodeType().name().toLowerCase(Locale.ROOT) + " "
                + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }
}
