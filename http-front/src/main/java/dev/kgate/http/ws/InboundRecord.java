package dev.kgate.http.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kgate.http.ingest.MessageHeader;
import dev.kgate.http.ingest.TypedValue;
import dev.kgate.http.ingest.ValueType;

import java.util.List;

/**
 * One message a client sent on {@code /socket/in}, decoded from a JSON or Avro frame.
 *
 * @param key           null when the message has none
 * @param valueDocument a {@code json} value's document as a JSON frame held it, or null
 * @param messageId     the client's id for it, or null
 * @param idempotencyKey the client's key for retrying it without a duplicate, or null
 */
public record InboundRecord(TypedValue key, TypedValue value, JsonNode valueDocument, List<MessageHeader> headers,
                            String messageId, String idempotencyKey) {

    /** A {@code json} value's document (parsed from its text when the frame held only text), or null. */
    JsonNode document() {
        if (valueDocument != null || value.type() != ValueType.JSON) {
            return valueDocument;
        }
        return JsonText.parse((String) value.value());
    }

    InboundRecord withValue(TypedValue newValue) {
        return new InboundRecord(key, newValue, valueDocument, headers, messageId, idempotencyKey);
    }
}
