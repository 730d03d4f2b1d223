package dev.kgate.connect.value.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import dev.kgate.connect.value.SchemaEnvelope;
import dev.kgate.connect.value.ValueRefusal;
import dev.kgate.http.ingest.ProtobufReader;
import dev.kgate.http.ingest.StructuredValue;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a station's protobuf messages against its message type and, for the structured modes, builds their value:
 * a {@link Struct} of the {@link ProtobufSchemaDerivation derived schema}, or (schemaless) maps of field names.
 * A structured value holds only what the type declares, so fields it does not know, enum numbers it does not name
 * ({@link WireScan}, before anything is built), unsigned 64-bit numbers beyond a signed one, NaN and infinities are
 * refused instead of lost or garbled; bytes written as sent keep them.
 */
public final class ProtobufValueReader implements ProtobufReader {

    /**
     * What one value costs at most, on the heap and in a converter's output: a number, a boolean or a null as text
     * with its separator, or boxed; a message's struct or map (or its braces and separators) beyond its fields; one
     * more element of a list or entry of a map. The estimate bounds the queue's bytes and the record size check, so
     * it must not fall short even for a body of millions of empty elements.
     */
    private static final int SCALAR_BYTES = 24;
    private static final int MESSAGE_BYTES = 48;
    private static final int ELEMENT_BYTES = 8;
    /** {@code google.protobuf.Timestamp}'s own range: 0001-01-01 to 9999-12-31. */
    private static final long MIN_SECONDS = -62_135_596_800L;
    private static final long MAX_SECONDS = 253_402_300_799L;

    private final Descriptor type;
    private final Schema schema;
    private final long envelopeBytes;

    /** @param schema the struct schema derived from the type, or null for schemaless values */
    public ProtobufValueReader(Descriptor type, Schema schema) {
        this.type = type;
        this.schema = schema;
        this.envelopeBytes = schema == null ? 0 : SchemaEnvelope.bytes(schema);
    }

    public Schema schema() {
        return schema;
    }

    @Override
    public String messageType() {
        return type.getFullName();
    }

    @Override
    public void check(byte[] message) {
        parse(message, false);
    }

    @Override
    public StructuredValue map(byte[] message) {
        DynamicMessage parsed = parse(message, true);
        long[] size = {envelopeBytes};
        Object value = schema == null ? schemaless(parsed, size) : struct(parsed, schema, size);
        return new StructuredValue(schema, value, size[0]);
    }

    /** @param strict for a structured value: the type's undeclared fields and enum numbers are refused first */
    private DynamicMessage parse(byte[] message, boolean strict) {
        try {
            WireScan.check(type, message, strict);
            return DynamicMessage.parseFrom(type, message);
        } catch (IOException e) {
            throw notThisType(e);
        }
    }

    private IllegalArgumentException notThisType(Exception e) {
        return new IllegalArgumentException("the body is not a protobuf " + type.getFullName() + ": "
                + e.getMessage());
    }

    private Struct struct(Message message, Schema schema, long[] size) {
        size[0] += MESSAGE_BYTES;
        Struct struct = new Struct(schema);
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            try {
                size[0] += field.getName().length() + 4;
                if (field.hasPresence() && !message.hasField(field)) {
                    size[0] += SCALAR_BYTES;
                    continue;
                }
                struct.put(field.getName(), fieldValue(message, field, struct.schema().field(field.getName()).schema(),
                        size));
            } catch (ValueRefusal refusal) {
                throw refusal.under(field.getName());
            }
        }
        return struct;
    }

    /** The map of a schemaless value: the fields with presence that are set, and every other field. */
    private Map<String, Object> schemaless(Message message, long[] size) {
        size[0] += MESSAGE_BYTES;
        Map<String, Object> map = new LinkedHashMap<>();
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            if (field.hasPresence() && !message.hasField(field)) {
                continue;
            }
            try {
                size[0] += field.getName().length() + 4;
                map.put(field.getName(), fieldValue(message, field, null, size));
            } catch (ValueRefusal refusal) {
                throw refusal.under(field.getName());
            }
        }
        return map;
    }

    private Object fieldValue(Message message, FieldDescriptor field, Schema schema, long[] size) {
        if (field.isMapField()) {
            Descriptor entryType = field.getMessageType();
            FieldDescriptor keyField = entryType.findFieldByNumber(1);
            FieldDescriptor valueField = entryType.findFieldByNumber(2);
            Map<Object, Object> map = new LinkedHashMap<>();
            for (Object element : (List<?>) message.getField(field)) {
                size[0] += ELEMENT_BYTES;
                Message entry = (Message) element;
                Object key = single(entry.getField(keyField), keyField, schema == null ? null : schema.keySchema(),
                        size);
                try {
                    // Schemaless maps are JSON objects, whose names are strings.
                    map.put(schema == null ? String.valueOf(key) : key, single(entry.getField(valueField), valueField,
                            schema == null ? null : schema.valueSchema(), size));
                } catch (ValueRefusal refusal) {
                    throw refusal.under(key);
                }
            }
            return map;
        }
        if (field.isRepeated()) {
            List<?> elements = (List<?>) message.getField(field);
            List<Object> list = new ArrayList<>(elements.size());
            for (int i = 0; i < elements.size(); i++) {
                size[0] += ELEMENT_BYTES;
                try {
                    list.add(single(elements.get(i), field, schema == null ? null : schema.valueSchema(), size));
                } catch (ValueRefusal refusal) {
                    throw refusal.under(i);
                }
            }
            return list;
        }
        return single(message.getField(field), field, schema, size);
    }

    /** One value of a field, as protobuf-java gives it, in its Connect form. */
    private Object single(Object value, FieldDescriptor field, Schema schema, long[] size) {
        switch (field.getType()) {
            case MESSAGE, GROUP:
                return message((Message) value, schema, size);
            case UINT32, FIXED32:
                size[0] += SCALAR_BYTES;
                return Integer.toUnsignedLong((Integer) value);
            case UINT64, FIXED64:
                size[0] += SCALAR_BYTES;
                if ((Long) value < 0) {
                    throw new ValueRefusal(Long.toUnsignedString((Long) value) + " is beyond the signed 64-bit"
                            + " range of Connect's INT64");
                }
                return value;
            case ENUM:
                EnumValueDescriptor constant = (EnumValueDescriptor) value;
                if (constant.getType().findValueByNumber(constant.getNumber()) == null) {
                    throw new ValueRefusal(constant.getNumber() + " is not a value of enum "
                            + constant.getType().getFullName());
                }
                size[0] += 2L * constant.getName().length() + 2;
                return constant.getName();
            case STRING:
                // JSON escapes take up to six bytes a character.
                size[0] += 6L * ((String) value).length() + 2;
                return value;
            case BYTES:
                byte[] bytes = ((ByteString) value).toByteArray();
                size[0] += 4L * (bytes.length + 2) / 3 + 2;
                return bytes;
            case FLOAT, DOUBLE:
                // JSON has no such number; a converter would write them as text where the schema says a number.
                if (!Double.isFinite(((Number) value).doubleValue())) {
                    throw new ValueRefusal(value + " is not a finite number");
                }
                size[0] += SCALAR_BYTES;
                return value;
            default:
                size[0] += SCALAR_BYTES;
                return value;
        }
    }

    private Object message(Message message, Schema schema, long[] size) {
        Descriptor messageType = message.getDescriptorForType();
        if (WellKnownTypes.timestamp(messageType)) {
            size[0] += SCALAR_BYTES + 16;
            return timestamp((Long) message.getField(messageType.findFieldByNumber(1)),
                    (Integer) message.getField(messageType.findFieldByNumber(2)));
        }
        FieldDescriptor wrapped = WellKnownTypes.wrapped(messageType);
        if (wrapped != null) {
            return single(message.getField(wrapped), wrapped, schema, size);
        }
        return this.schema == null ? schemaless(message, size) : struct(message, schema, size);
    }

    /** Connect's Timestamp holds milliseconds; schemaless values take RFC 3339 text, as proto3's JSON mapping does. */
    private Object timestamp(long seconds, int nanos) {
        if (seconds < MIN_SECONDS || seconds > MAX_SECONDS || nanos < 0 || nanos > 999_999_999) {
            throw new ValueRefusal("a Timestamp of " + seconds + " s and " + nanos + " ns is outside"
                    + " google.protobuf.Timestamp's range (0001-01-01 to 9999-12-31, nanos 0 to 999,999,999)");
        }
        Instant instant = Instant.ofEpochSecond(seconds, nanos);
        return schema == null ? instant.toString() : Date.from(instant);
    }
}
