package dev.kgate.connect.record;

import dev.kgate.http.ingest.IngestMessage;
import dev.kgate.http.ingest.MessageHeader;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;

/**
 * Turns an accepted message into a Connect record. The payload stays the bytes the client sent (an optional BYTES
 * schema), so with the ByteArrayConverter what lands in Kafka is byte for byte what was posted.
 */
public final class RecordMapper {

    public IngestSourceRecord toRecord(IngestMessage message) {
        ConnectHeaders headers = new ConnectHeaders();
        for (MessageHeader header : message.headers()) {
            // Strings, so the worker's default SimpleHeaderConverter writes them as plain UTF-8.
            headers.addString(header.key(), header.value());
        }
        byte[] key = message.key();
        return new IngestSourceRecord(message,
                key == null ? null : Schema.OPTIONAL_BYTES_SCHEMA, key,
                Schema.OPTIONAL_BYTES_SCHEMA, message.value(), headers);
    }
}
