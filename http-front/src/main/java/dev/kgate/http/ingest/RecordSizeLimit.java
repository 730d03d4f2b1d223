package dev.kgate.http.ingest;

import java.nio.charset.StandardCharsets;
import java.util.function.ToIntFunction;

/**
 * The largest record Kafka takes for a topic: the producer's {@code max.request.size} and the topic's
 * {@code max.message.bytes}, less what a record batch adds around one record. A message over it is refused before
 * it is queued (413, or an INVALID frame): handed to the producer it would fail on send, and with Connect's default
 * {@code errors.tolerance=none} that fails the whole task and closes the listener for every client.
 */
public final class RecordSizeLimit {

    /** Kafka's default {@code max.request.size}. */
    public static final int KAFKA_DEFAULT_MAX_REQUEST_BYTES = 1_048_576;
    /**
     * What the producer counts besides key, value and header bytes: the batch header (61 bytes) and the record's
     * own length, offset, timestamp and header varints, rounded up with room to spare.
     */
    public static final int BATCH_OVERHEAD_BYTES = 512;
    /** Per header, the varints of its key and value lengths. */
    private static final int HEADER_OVERHEAD_BYTES = 10;

    private final int producerMaxRequestBytes;
    private final ToIntFunction<String> topicMaxMessageBytes;

    /**
     * @param topicMaxMessageBytes the topic's {@code max.message.bytes} as last seen, {@link Integer#MAX_VALUE} when
     *                             unknown; answered without blocking
     */
    public RecordSizeLimit(int producerMaxRequestBytes, ToIntFunction<String> topicMaxMessageBytes) {
        this.producerMaxRequestBytes = producerMaxRequestBytes;
        this.topicMaxMessageBytes = topicMaxMessageBytes;
    }

    public static RecordSizeLimit kafkaDefault() {
        return new RecordSizeLimit(KAFKA_DEFAULT_MAX_REQUEST_BYTES, topic -> Integer.MAX_VALUE);
    }

    /** The largest key + value + headers a record to {@code topic} may carry. */
    public long maxPayloadBytes(String topic) {
        return (long) Math.min(producerMaxRequestBytes, topicMaxMessageBytes.applyAsInt(topic)) - BATCH_OVERHEAD_BYTES;
    }

    /** @return why the message is too large for Kafka, or null when it fits */
    public String refusal(IngestMessage message) {
        long limit = maxPayloadBytes(message.topic());
        // Text counted at its worst (three bytes per char) first, so the common small message costs no scan.
        if (payloadBytes(message, false) <= limit) {
            return null;
        }
        long size = payloadBytes(message, true);
        if (size <= limit) {
            return null;
        }
        return "The message is " + size + " bytes with its key and headers; Kafka takes at most " + limit
                + " bytes per record on topic '" + message.topic() + "'";
    }

    /** The bytes the record will carry: exact for bytes, and for text when {@code exact}, else an upper bound. */
    static long payloadBytes(IngestMessage message, boolean exact) {
        long size = valueBytes(message.value(), exact);
        if (message.key() != null) {
            size += valueBytes(message.key(), exact);
        }
        for (MessageHeader header : message.headers()) {
            size += HEADER_OVERHEAD_BYTES + textBytes(header.key(), exact)
                    + (header.value() == null ? 0 : textBytes(header.value(), exact));
        }
        return size;
    }

    private static long valueBytes(TypedValue value, boolean exact) {
        return switch (value.type()) {
            case BYTES -> ((byte[]) value.value()).length;
            case STRING, JSON -> textBytes((String) value.value(), exact);
            // The converter decides the bytes; the mapper's estimate bounds them.
            case STRUCTURED -> ((StructuredValue) value.value()).sizeInBytes();
            default -> 8;
        };
    }

    private static long textBytes(String text, boolean exact) {
        return exact ? text.getBytes(StandardCharsets.UTF_8).length : 3L * text.length();
    }
}
