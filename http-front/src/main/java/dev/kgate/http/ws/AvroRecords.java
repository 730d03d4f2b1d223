package dev.kgate.http.ws;

import dev.kgate.http.ingest.MessageHeader;
import dev.kgate.http.ingest.TypedValue;
import org.apache.avro.generic.GenericRecord;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Turns a decoded {@code AvroProducerRecord} into a message, with the same rules as a JSON frame. */
final class AvroRecords {

    private AvroRecords() {
    }

    static InboundRecord toInbound(GenericRecord wrapper, FrameTypes types) throws BadFrameException {
        Object id = wrapper.get("clientMessageId");
        String messageId = id == null ? null : id.toString();
        try {
            Object key = wrapper.get("key");
            return new InboundRecord(
                    key == null ? null : typed("key", key, types.keyType()),
                    typed("value", wrapper.get("value"), types.valType()), null,
                    headers(wrapper.get("headers"), types.reservedHeader()),
                    messageId, null);
        } catch (IllegalArgumentException e) {
            throw new BadFrameException(messageId, "Invalid message: " + e.getMessage());
        }
    }

    /** The union branch names the type when the socket declares none. */
    private static TypedValue typed(String what, Object value, FormatType declared) {
        FormatType type = declared != null ? declared : branchType(value);
        try {
            return type.fromAvro(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage());
        }
    }

    private static FormatType branchType(Object value) {
        if (value instanceof ByteBuffer) {
            return FormatType.BYTEARRAY;
        }
        if (value instanceof Integer) {
            return FormatType.INT;
        }
        if (value instanceof Long) {
            return FormatType.LONG;
        }
        if (value instanceof Double) {
            return FormatType.DOUBLE;
        }
        if (value instanceof Float) {
            return FormatType.FLOAT;
        }
        return FormatType.STRING;
    }

    private static List<MessageHeader> headers(Object headers, String reservedHeader) {
        if (!(headers instanceof List<?> list)) {
            return List.of();
        }
        List<MessageHeader> result = new ArrayList<>(list.size());
        for (Object item : list) {
            GenericRecord header = (GenericRecord) item;
            result.add(JsonInFrames.checked(header.get("key").toString(), header.get("value").toString(),
                    reservedHeader));
        }
        return result;
    }
}
