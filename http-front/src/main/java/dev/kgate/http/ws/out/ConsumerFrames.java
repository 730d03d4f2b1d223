package dev.kgate.http.ws.out;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.ingest.MessageHeader;
import dev.kgate.http.util.JsonErrors;
import dev.kgate.http.ws.FormatType;
import dev.kgate.http.ws.avro.AvroBinaryWriter;
import dev.kgate.http.ws.avro.WrapperSchemas;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import java.io.ByteArrayOutputStream;
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
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private final FormatType keyType;
    private final FormatType valType;
    private final AvroBinaryWriter avroWriter = new AvroBinaryWriter(WrapperSchemas.CONSUMER_RECORD);

    /** @param keyType null when the client wants no keys */
    ConsumerFrames(FormatType keyType, FormatType valType) {
        this.keyType = keyType;
        this.valType = valType;
    }

    /** @throws IllegalArgumentException when the key or value is not a value of the requested type */
    byte[] json(OutRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("wsProxyMessageId", record.messageId());
            json.writeStringField("topic", record.topic());
            json.writeNumberField("partition", record.partition());
            json.writeNumberField("offset", record.offset());
            json.writeNumberField("timestamp", record.timestamp());
            if (!record.headers().isEmpty()) {
                json.writeArrayFieldStart("headers");
                for (MessageHeader header : record.headers()) {
                    json.writeStartObject();
                    json.writeStringField("key", header.key());
                    json.writeStringField("value", header.value());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            if (keyType != null && record.key() != null) {
                writeValue(json, "key", keyType, record.key());
            }
            writeValue(json, "value", valType, record.value());
            json.writeEndObject();
        } catch (StreamConstraintsException e) {
            throw new IllegalArgumentException(JsonErrors.describe(e));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot render a record frame", e);
        }
        return out.toByteArray();
    }

    private static void writeValue(JsonGenerator json, String field, FormatType type, byte[] bytes)
            throws IOException {
        json.writeObjectFieldStart(field);
        json.writeFieldName("value");
        if (bytes == null) {
            json.writeNull();
        } else {
            Object value;
            try {
                value = type.decode(bytes);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + ": " + e.getMessage());
            }
            if (value instanceof JsonNode node) {
                MAPPER.writeTree(json, node);
            } else {
                json.writeObject(value);
            }
        }
        json.writeStringField("format", type.wireName());
        json.writeEndObject();
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
