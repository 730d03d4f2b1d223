package dev.kgate.http.ws;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kgate.http.util.JsonEncoding;

import java.io.IOException;

/**
 * The fields of a {@code /socket/in} JSON frame that {@link JsonInFrames} reads; any other field is ignored. As
 * in a parsed tree, a field given twice counts with its last value.
 *
 * @param key   null when the frame has no "key"
 * @param value null when the frame has no "value"
 */
record FrameFields(JsonNode messageId, JsonNode idempotencyKey, JsonNode headers, Wrapped key, Wrapped value) {

    /** Reads values inside a frame: the frame's own mapper, without the check that nothing follows the value. */
    private static final ObjectReader VALUES =
            JsonText.MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * A key or value: the wrapper object {@code {"value", "format"?}} (its other fields ignored), or, to be refused,
     * any other JSON value.
     *
     * @param other  the value when it is not an object, else null
     * @param value  the object's "value" (a NullNode for JSON null), null when it has none
     * @param format the object's "format", null when it has none
     */
    record Wrapped(JsonNode other, JsonNode value, JsonNode format) {

        static Wrapped of(JsonNode node) {
            return node.isObject() ? new Wrapped(null, node.get("value"), node.get("format"))
                    : new Wrapped(node, null, null);
        }

        boolean isNull() {
            return other != null && other.isNull();
        }

        boolean isWrapper() {
            return other == null && value != null;
        }
    }

    /** The fields of a frame parsed as a tree (which must be an object). */
    static FrameFields of(JsonNode frame) {
        JsonNode key = frame.get("key");
        JsonNode value = frame.get("value");
        return new FrameFields(frame.get("messageId"), frame.get("idempotencyKey"), frame.get("headers"),
                key == null ? null : Wrapped.of(key), value == null ? null : Wrapped.of(value));
    }

    /**
     * Reads a frame with a streaming parser: the same fields a tree would give, without building one.
     *
     * @return null when the frame is not one JSON object in UTF-8, or the scan meets anything else it does not take
     *         (the caller then reads the frame as a tree, for the refusal's words)
     */
    static FrameFields scan(byte[] utf8, int offset, int length) {
        if (JsonEncoding.readAsOtherThanUtf8(utf8, offset, length)) {
            return null;
        }
        try (JsonParser parser = JsonText.MAPPER.createParser(utf8, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonNode messageId = null;
            JsonNode idempotencyKey = null;
            JsonNode headers = null;
            Wrapped key = null;
            Wrapped value = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                switch (name) {
                    case "value" -> value = wrapped(parser);
                    case "key" -> key = wrapped(parser);
                    case "messageId" -> messageId = node(parser);
                    case "idempotencyKey" -> idempotencyKey = node(parser);
                    case "headers" -> headers = node(parser);
                    // Read, not skipped: the tree it replaces refused a malformed value anywhere in the frame.
                    default -> node(parser);
                }
            }
            // The loop ends at the frame's END_OBJECT; anything after it is refused by the tree's reading.
            return parser.currentToken() == JsonToken.END_OBJECT && parser.nextToken() == null
                    ? new FrameFields(messageId, idempotencyKey, headers, key, value) : null;
        } catch (Exception e) {
            // Malformed JSON, a number BigDecimal refuses, a limit of the parser: the tree reading words it.
            return null;
        }
    }

    private static Wrapped wrapped(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            return new Wrapped(node(parser), null, null);
        }
        JsonNode value = null;
        JsonNode format = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "value" -> value = node(parser);
                case "format" -> format = node(parser);
                default -> node(parser);
            }
        }
        return new Wrapped(null, value, format);
    }

    /** The value at the parser's current token; strings, null and booleans without the mapper. */
    private static JsonNode node(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_STRING -> TextNode.valueOf(parser.getText());
            case VALUE_NULL -> NullNode.getInstance();
            case VALUE_TRUE -> BooleanNode.TRUE;
            case VALUE_FALSE -> BooleanNode.FALSE;
            default -> VALUES.readTree(parser);
        };
    }
}
