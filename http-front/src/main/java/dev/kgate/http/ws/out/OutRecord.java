package dev.kgate.http.ws.out;

import dev.kgate.http.ingest.MessageHeader;

import java.util.List;

/**
 * One record read from Kafka for a {@code /socket/out} client, as raw bytes: the socket renders it in the formats
 * the client asked for.
 *
 * @param key null when the record has none
 * @param value null for a tombstone
 */
public record OutRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
                        List<MessageHeader> headers) {

    /** The API's id for a record, {@code topic-partition-offset-timestamp}, which a client commits with. */
    public String messageId() {
        return topic + "-" + partition + "-" + offset + "-" + timestamp;
    }
}
