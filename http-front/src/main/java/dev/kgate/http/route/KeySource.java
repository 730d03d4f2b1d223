package dev.kgate.http.route;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;

import java.nio.charset.StandardCharsets;
import java.util.Deque;

/**
 * Where a record's key comes from: {@code header:<name>}, {@code query:<name>} or {@code pointer:<JSON Pointer>}
 * into a JSON body. A text node gives its text; any other node its JSON. Nothing found means no key.
 */
public sealed interface KeySource {

    /** @return the key's bytes, or null when the request does not carry one */
    byte[] keyOf(HttpServerExchange exchange, JsonNode body);

    /** Whether the key needs the body parsed as JSON. */
    default boolean needsJsonBody() {
        return false;
    }

    /** @throws IllegalArgumentException when the text is not one of the three forms */
    static KeySource parse(String spec) {
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? spec : spec.substring(0, colon);
        String name = colon < 0 ? "" : spec.substring(colon + 1);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("expected header:<name>, query:<name> or pointer:</json/pointer>");
        }
        return switch (kind) {
            case "header" -> new Header(name);
            case "query" -> new Query(name);
            case "pointer" -> new Pointer(JsonPointer.compile(name));
            default -> throw new IllegalArgumentException("unknown key source '" + kind
                    + "': expected header, query or pointer");
        };
    }

    record Header(String name) implements KeySource {
        @Override
        public byte[] keyOf(HttpServerExchange exchange, JsonNode body) {
            String value = exchange.getRequestHeaders().getFirst(name);
            return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        }
    }

    record Query(String name) implements KeySource {
        @Override
        public byte[] keyOf(HttpServerExchange exchange, JsonNode body) {
            Deque<String> values = exchange.getQueryParameters().get(name);
            return values == null || values.isEmpty() ? null : values.getFirst().getBytes(StandardCharsets.UTF_8);
        }
    }

    record Pointer(JsonPointer pointer) implements KeySource {
        @Override
        public byte[] keyOf(HttpServerExchange exchange, JsonNode body) {
            if (body == null) {
                return null;
            }
            JsonNode node = body.at(pointer);
            if (node.isMissingNode() || node.isNull()) {
                return null;
            }
            return (node.isTextual() ? node.asText() : node.toString()).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public boolean needsJsonBody() {
            return true;
        }
    }
}
