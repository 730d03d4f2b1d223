package dev.kgate.connect.value;

import org.apache.kafka.connect.data.Schema;

/**
 * What a converter may add to a structured value's own bytes: the schema it writes beside each record (the
 * {@code JsonConverter} with schemas, roughly) at most. Counted once per station, added to every value's estimate.
 */
public final class SchemaEnvelope {

    /** Per schema node: its type, name, optionality and the JSON around them. */
    private static final int BYTES_PER_NODE = 96;

    private SchemaEnvelope() {
    }

    public static long bytes(Schema schema) {
        return switch (schema.type()) {
            case STRUCT -> BYTES_PER_NODE + schema.fields().stream()
                    .mapToLong(f -> BYTES_PER_NODE + f.name().length() + bytes(f.schema())).sum();
            case ARRAY -> BYTES_PER_NODE + bytes(schema.valueSchema());
            case MAP -> BYTES_PER_NODE + bytes(schema.keySchema()) + bytes(schema.valueSchema());
            default -> BYTES_PER_NODE;
        };
    }
}
