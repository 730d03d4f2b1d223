package dev.kgate.http.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kgate.http.idempotency.IdempotencyKeys;
import dev.kgate.http.ingest.MessageHeader;
import dev.kgate.http.ingest.TypedValue;
import dev.kgate.http.ingest.ValueType;
import dev.kgate.http.util.JsonErrors;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the JSON frames of {@code /socket/in}:
 * {@code {"headers"?: [{"key","value"}], "key"?: {"value","format"?}, "value": {"value","format"?}, "messageId"?,
 * "idempotencyKey"?}}.
 *
 * <p>A frame is read with a streaming parser into its few fields ({@link FrameFields#scan}): no tree of the
 * frame and its wrappers is built for each message. A frame the scan does not take (not valid JSON, not an object,
 * not UTF-8, a number too large) is read as a tree, which gives the refusal its exact words.
 */
final class JsonInFrames {

    private JsonInFrames() {
    }

    static InboundRecord read(byte[] utf8, FrameTypes types) throws BadFrameException {
        return read(utf8, 0, utf8.length, types);
    }

    static InboundRecord read(byte[] utf8, int offset, int length, FrameTypes types) throws BadFrameException {
        FrameFields fields = FrameFields.scan(utf8, offset, length);
        return fromFields(fields != null ? fields : treeFields(utf8, offset, length), types);
    }

    /** The same frame read as a tree, as every frame was before the scan: the reference the scan is tested against. */
    static InboundRecord readAsTree(byte[] utf8, int offset, int length, FrameTypes types) throws BadFrameException {
        return fromFields(treeFields(utf8, offset, length), types);
    }

    private static FrameFields treeFields(byte[] utf8, int offset, int length) throws BadFrameException {
        JsonNode frame;
        try {
            frame = JsonText.MAPPER.readTree(utf8, offset, length);
        } catch (IOException e) {
            throw new BadFrameException(null, "The frame is not valid JSON: " + JsonErrors.describe(e));
        }
        if (frame == null || !frame.isObject()) {
            throw new BadFrameException(null, "A frame must be a JSON object with at least a 'value'");
        }
        return FrameFields.of(frame);
    }

    private static InboundRecord fromFields(FrameFields frame, FrameTypes types) throws BadFrameException {
        String messageId = messageId(frame.messageId());
        try {
            FrameFields.Wrapped value = frame.value();
            if (value == null || value.isNull()) {
                throw new IllegalArgumentException("the frame has no 'value'");
            }
            FrameFields.Wrapped key = frame.key();
            TypedValue typedValue = typed("value", value, types.valType(), FormatType.STRING);
            return new InboundRecord(
                    key == null || key.isNull() ? null : typed("key", key, types.keyType(), null),
                    typedValue, typedValue.type() == ValueType.JSON ? value.value() : null,
                    headers(frame.headers(), types.reservedHeader()),
                    messageId, idempotencyKey(frame.idempotencyKey()));
        } catch (IllegalArgumentException e) {
            throw new BadFrameException(messageId, "Invalid message: " + e.getMessage());
        }
    }

    private static String idempotencyKey(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        String problem = node.isTextual() ? IdempotencyKeys.problem(node.textValue())
                : "Idempotency-Key must be a string";
        if (problem != null) {
            throw new IllegalArgumentException("'idempotencyKey': " + problem);
        }
        return node.textValue();
    }

    private static String messageId(JsonNode node) throws BadFrameException {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() && !node.isNumber()) {
            throw new BadFrameException(null, "'messageId' must be a string");
        }
        return node.asText();
    }

    private static TypedValue typed(String what, FrameFields.Wrapped details, FormatType declared,
                                    FormatType fallback) {
        if (!details.isWrapper()) {
            throw new IllegalArgumentException("'" + what + "' must be an object {\"value\": ..., \"format\": ...}");
        }
        JsonNode format = details.format();
        if (format != null && !format.isNull() && !format.isTextual()) {
            throw new IllegalArgumentException(what + " format must be a string");
        }
        FormatType type = FrameTypes.resolve(what, declared,
                format == null || format.isNull() ? null : format.textValue(), fallback);
        try {
            return type.fromJson(details.value());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage());
        }
    }

    private static List<MessageHeader> headers(JsonNode node, String reservedHeader) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("'headers' must be an array of {\"key\": ..., \"value\": ...}");
        }
        List<MessageHeader> headers = new ArrayList<>(node.size());
        for (JsonNode header : node) {
            JsonNode key = header.get("key");
            JsonNode value = header.get("value");
            if (key == null || !key.isTextual() || key.textValue().isEmpty() || value == null || !value.isTextual()) {
                throw new IllegalArgumentException("every header needs a non-empty string 'key' and a string"
                        + " 'value'");
            }
            headers.add(checked(key.textValue(), value.textValue(), reservedHeader));
        }
        return headers;
    }

    static MessageHeader checked(String key, String value, String reservedHeader) {
        if (reservedHeader != null && reservedHeader.equalsIgnoreCase(key)) {
            throw new IllegalArgumentException("header '" + key + "' is set by the gateway, not by clients");
        }
        return new MessageHeader(key, value);
    }
}
