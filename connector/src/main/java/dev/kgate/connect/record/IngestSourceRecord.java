package dev.kgate.connect.record;

import dev.kgate.http.ingest.IngestMessage;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * A source record that remembers the message it came from. Connect hands the record it got from {@code poll()}
 * (before transforms) back to {@code commitRecord}, so the acknowledgement finds its client without a lookup.
 */
public final class IngestSourceRecord extends SourceRecord {

    private final IngestMessage message;

    IngestSourceRecord(IngestMessage message, Schema keySchema, Object key, Schema valueSchema, Object value,
                       Headers headers) {
        // No source partition or offset: a pushed message cannot be re-read, so there is nothing to resume from.
        super(null, null, message.topic(), null, keySchema, key, valueSchema, value, null, headers);
        this.message = message;
    }

    public IngestMessage message() {
        return message;
    }
}
