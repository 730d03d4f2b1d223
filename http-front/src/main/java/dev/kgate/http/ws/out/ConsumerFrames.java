package dev.kgate.http.ws.out;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.ingest.MessageHeader;
import dev.kgate.http.util.JsonBytes;
import dev.kgate.http.util.JsonErrors;
import dev.kgate.http.ws.FormatType;
import dev.kgate.http.ws.avro.AvroBinaryWriter;
import dev.kgate.http.ws.avro.WrapperSchemas;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames {@code /socket/out} sends: a record as the spec's JSON, or as a binary {@code AvroConsumerRecord}. One
 * instance per socket, used on its I/O thread.
 */
final class ConsumerFrames {

    /** A record's JSON value sits two levels down in its frame: any value the reader takes can be written. */
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamWriteConstraints(StreamWriteConstraints.builder()
                    .maxNestingDepth(StreamReadConstraints.DEFAULT_MAX_DEPTH + 2).build())
            .build());

    private static final byte[] MESSAGE_ID = JsonBytes.ascii("{\"wsProxyMessageId\":");
    private static final byte[] TOPIC = JsonBytes.ascii(",\"topic\":");
    private static final byte[] PARTITION = JsonBytes.ascii(",\"partition\":");
    private static final byte[] OFFSET = JsonBytes.ascii(",\"offset\":");
    private static final byte[] TIMESTAMP = JsonBytes.ascii(",\"timestamp\":");
    private static final byte[] HEADERS = JsonBytes.ascii(",\"headers\":[");
    private static final byte[] HEADER_KEY = JsonBytes.ascii("{\"key\":");
    private static final byte[] NEXT_HEADER_KEY = JsonBytes.ascii(",{\"key\":");
    private static final byte[] HEADER_VALUE = JsonBytes.ascii(",\"value\":");
    private static final byte[] KEY = JsonBytes.ascii(",\"key\":{\"value\":");
    private static final byte[] VALUE = JsonBytes.ascii(",\"value\":{\"value\":");
    private static final byte[] NULL = JsonBytes.ascii("null");

    private final FormatType keyType;
    private final FormatType valType;
    /** {@code ,"format":"<type>"}} after the key's and the value's value. */
    private final byte[] keyFormat;
    private final byte[] valFormat;
    private String lastTopic;
    private byte[] lastTopicChars;
    private final AvroBinaryWriter avroWriter = new AvroBinaryWriter(WrapperSchemas.CONSUMER_RECORD);

    /** @param keyType null when the client wants no keys */
    ConsumerFrames(FormatType keyType, FormatType valType) {
        this.keyType = keyType;
        this.valType = valType;
        this.keyFormat = keyType == null ? null : JsonBytes.ascii(",\"format\":\"" + keyType.wireName() + "\"}");
        this.valFormat = JsonBytes.ascii(",\"format\":\"" + valType.wireName() + "\"}");
    }

    /** @throws IllegalArgumentException when the key or value is not a value of the requested type */
    byte[] json(OutRecord record) {
        return encodeJson(record).toByteArray();
    }

    /**
     * The record's JSON frame in this thread's {@link JsonBytes}, valid until this thread encodes the next one.
     *
     * @throws IllegalArgumentException when the key or value is not a value of the requested type
     */
    JsonBytes encodeJson(OutRecord record) {
        JsonBytes json = JsonBytes.forThisThread().reset();
        byte[] topic = topicChars(record.topic());
        // The id is topic-partition-offset-timestamp (OutRecord.messageId()), written without building the String.
        json.raw(MESSAGE_ID).raw('"').raw(topic).raw('-').number(record.partition()).raw('-').number(record.offset())
                .raw('-').number(record.timestamp()).raw('"')
                .raw(TOPIC).raw('"').raw(topic).raw('"')
                .raw(PARTITION).number(record.partition())
                .raw(OFFSET).number(record.offset())
                .raw(TIMESTAMP).number(record.timestamp());
        if (!record.headers().isEmpty()) {
            json.raw(HEADERS);
            boolean first = true;
            for (MessageHeader header : record.headers()) {
                json.raw(first ? HEADER_KEY : NEXT_HEADER_KEY).string(header.key())
                        .raw(HEADER_VALUE).string(header.value()).raw('}');
                first = false;
            }
            json.raw(']');
        }
        if (keyType != null && record.key() != null) {
            writeValue(json, KEY, keyType, record.key(), keyFormat);
        }
        writeValue(json, VALUE, valType, record.value(), valFormat);
        return json.raw('}');
    }

    /** The topic's escaped characters, kept for the next record: a socket reads one topic. */
    private byte[] topicChars(String topic) {
        if (!topic.equals(lastTopic)) {
            lastTopicChars = new JsonBytes().chars(topic).toByteArray();
            lastTopic = topic;
        }
        return lastTopicChars;
    }

    /** {@code ,"key":{"value":...,"format":"..."}}, or the same for the value. */
    private static void writeValue(JsonBytes json, byte[] field, FormatType type, byte[] bytes, byte[] format) {
        json.raw(field);
        if (bytes == null) {
            json.raw(NULL);
        } else if (type == FormatType.STRING) {
            json.utf8String(bytes);
        } else {
            Object value;
            try {
                value = type.decode(bytes);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException((field == KEY ? "key" : "value") + ": " + e.getMessage());
            }
            if (value instanceof String text) {
                json.string(text);
            } else if (value instanceof Short || value instanceof Integer || value instanceof Long) {
                json.number(((Number) value).longValue());
            } else {
                // JSON values and floating point numbers, as Jackson writes them (NaN as a string, for one).
                try {
                    json.raw(MAPPER.writeValueAsBytes(value));
                } catch (StreamConstraintsException e) {
                    throw new IllegalArgumentException(JsonErrors.describe(e));
                } catch (IOException e) {
                    throw new IllegalStateException("Cannot render a record frame", e);
                }
            }
        }
        json.raw(format);
    }


    /** @throws IllegalArgumentException when the key or value does not fit, or the value is a tombstone */
    byte[] avro(OutRecord record) {
        GenericRecord avro = new GenericData.Record(WrapperSchemas.CONSUMER_RECORD);
        avro.put("wsProxyMessageId", record.messageId());
        avro.put("topic", record.topic());
        avro.put("partition", record.partition());
        avro.put("offset", record.offset());
        avro.put("timestamp", record.timestamp());
        avro.put("key", keyType == null || record.key() == null ? null : keyType.decodeForAvro(record.key()));
        if (record.value() == null) {
            throw new IllegalArgumentException("value: a tombstone (null value) has no AvroConsumerRecord form");
        }
        avro.put("value", valType.decodeForAvro(record.value()));
        if (!record.headers().isEmpty()) {
            List<GenericRecord> headers = new ArrayList<>(record.headers().size());
            org.apache.avro.Schema headerSchema = WrapperSchemas.CONSUMER_RECORD.getField("headers").schema()
                    .getTypes().get(1).getElementType();
            for (MessageHeader header : record.headers()) {
                GenericRecord h = new GenericData.Record(headerSchema);
                h.put("key", header.key());
                h.put("value", header.value());
                headers.add(h);
            }
            avro.put("headers", headers);
        }
        return avroWriter.write(avro);
    }
}
