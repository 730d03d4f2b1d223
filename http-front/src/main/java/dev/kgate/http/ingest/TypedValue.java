package dev.kgate.http.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A key or value with its type. The Java type of {@code value} follows {@code type}: {@code byte[]} for BYTES,
 * {@code String} for STRING and JSON, then Short, Integer, Long, Float and Double, and a {@link StructuredValue}
 * for STRUCTURED.
 */
public record TypedValue(ValueType type, Object value) {

    public TypedValue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        Class<?> expected = switch (type) {
            case BYTES -> byte[].class;
            case STRING, JSON -> String.class;
            case INT16 -> Short.class;
            case INT32 -> Integer.class;
            case INT64 -> Long.class;
            case FLOAT32 -> Float.class;
            case FLOAT64 -> Double.class;
            case STRUCTURED -> StructuredValue.class;
        };
        if (!expected.isInstance(value)) {
            throw new IllegalArgumentException(type + " needs a " + expected.getSimpleName() + ", not a "
                    + value.getClass().getSimpleName());
        }
    }

    public static TypedValue bytes(byte[] bytes) {
        return new TypedValue(ValueType.BYTES, bytes);
    }

    public static TypedValue string(String text) {
        return new TypedValue(ValueType.STRING, text);
    }

    /** The value as bytes that are equal exactly when two values are, for telling a retry from another message. */
    public byte[] digestBytes() {
        return switch (type) {
            case BYTES -> (byte[]) value;
            case STRING, JSON -> ((String) value).getBytes(StandardCharsets.UTF_8);
            case STRUCTURED -> String.valueOf(((StructuredValue) value).value()).getBytes(StandardCharsets.UTF_8);
            default -> (type + ":" + value).getBytes(StandardCharsets.UTF_8);
        };
    }

    /** Bytes this value holds on the heap, roughly, for the queue's byte bound. */
    public long sizeInBytes() {
        return switch (type) {
            case BYTES -> ((byte[]) value).length;
            case STRING, JSON -> 2L * ((String) value).length();
            case STRUCTURED -> ((StructuredValue) value).sizeInBytes();
            default -> 16;
        };
    }
}
