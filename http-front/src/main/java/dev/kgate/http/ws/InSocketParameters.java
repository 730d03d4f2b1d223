package dev.kgate.http.ws;

import java.util.Deque;
import java.util.Map;

/**
 * The query parameters of {@code /socket/in}, checked before the upgrade.
 *
 * @param keyType null when the socket declares no key type (a frame's key must then name its own format)
 * @param valType null when the socket declares no value type (a value names its own format, or is a string)
 */
public record InSocketParameters(String clientId, String instanceId, String topic, SocketPayload payload,
                                 FormatType keyType, FormatType valType) {

    /** A parameter is missing or invalid; the message says which and why. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    public static InSocketParameters parse(Map<String, Deque<String>> query) throws Invalid {
        String clientId = required(query, "clientId");
        String topic = required(query, "topic");
        String instanceId = optional(query, "instanceId");
        String payloadName = optional(query, "socketPayload");
        SocketPayload payload = payloadName == null ? SocketPayload.JSON : SocketPayload.named(payloadName);
        if (payload == null) {
            throw new Invalid("Invalid value for query parameter 'socketPayload': '" + payloadName
                    + "' (use json or avro)");
        }
        FormatType keyType = format(query, "keyType");
        FormatType valType = format(query, "valType");
        return new InSocketParameters(clientId, instanceId, topic, payload, keyType, valType);
    }

    private static FormatType format(Map<String, Deque<String>> query, String name) throws Invalid {
        String value = optional(query, name);
        if (value == null) {
            return null;
        }
        FormatType type = FormatType.named(value);
        if (type == null) {
            throw new Invalid("Invalid value for query parameter '" + name + "': '" + value + "' (use one of "
                    + FormatType.names() + ")");
        }
        return type;
    }

    private static String required(Map<String, Deque<String>> query, String name) throws Invalid {
        String value = optional(query, name);
        if (value == null) {
            throw new Invalid("Request is missing required query parameter '" + name + "'");
        }
        return value;
    }

    /** @return the value, or null when the parameter is absent or blank */
    private static String optional(Map<String, Deque<String>> query, String name) throws Invalid {
        Deque<String> values = query.get(name);
        if (values == null || values.isEmpty() || values.getFirst().isBlank()) {
            return null;
        }
        if (values.size() > 1) {
            throw new Invalid("Query parameter '" + name + "' is given more than once");
        }
        return values.getFirst().trim();
    }
}
