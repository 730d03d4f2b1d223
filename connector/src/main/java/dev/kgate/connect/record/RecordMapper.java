package dev.kgate.connect.record;

import dev.kgate.http.ingest.IngestMessage;
import dev.kgate.http.ingest.MessageHeader;
import dev.kgate.http.ingest.StructuredValue;
import dev.kgate.http.ingest.TypedValue;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;

/**
 * Turns an accepted message into a Connect record, each key and value with the schema of its type: REST bodies
 * and {@code bytearray}/{@code avro} values as optional BYTES (so with the ByteArrayConverter what lands is byte for
 * byte what was sent), strings and JSON text as STRING, numbers as INT16/INT32/INT64/FLOAT32/FLOAT64, and the
 * values of {@code json} and {@code struct} stations with the schema their mapper chose (none, or the struct's). The
 * converter decides the bytes; {@code dev.kgate.connect.convert.KafkaSerdeConverter} writes each the way Kafka's own
 * serializer for its type does.
 */
public final class RecordMapper {

    public IngestSourceRecord toRecord(IngestMessage message) {
        ConnectHeaders headers = new ConnectHeaders();
        for (MessageHeader header : message.headers()) {
            // Strings, so the worker's default SimpleHeaderConverter writes them as plain UTF-8.
            headers.addString(header.key(), header.value());
        }
        TypedValue key = message.key();
        return new IngestSourceRecord(message,
                key == null ? null : schemaOf(key), key == null ? null : key.value(),
                schemaOf(message.value()), valueOf(message.value()), headers);
    }

    private static Object valueOf(TypedValue value) {
        return value.value() instanceof StructuredValue structured ? structured.value() : value.value();
    }

    static Schema schemaOf(TypedValue value) {
        return switch (value.type()) {
            case BYTES -> Schema.OPTIONAL_BYTES_SCHEMA;
            case STRING, JSON -> Schema.OPTIONAL_STRING_SCHEMA;
            case INT16 -> Schema.OPTIONAL_INT16_SCHEMA;
            case INT32 -> Schema.OPTIONAL_INT32_SCHEMA;
            case INT64 -> Schema.OPTIONAL_INT64_SCHEMA;
            case FLOAT32 -> Schema.OPTIONAL_FLOAT32_SCHEMA;
            case FLOAT64 -> Schema.OPTIONAL_FLOAT64_SCHEMA;
            // The station's mapper chose it: a struct's derived schema, or null for a schemaless value.
            case STRUCTURED -> (Schema) ((StructuredValue) value.value()).schema();
        };
    }
}
