package dev.kgate.http.ws;

import dev.kgate.http.pipeline.Refusal;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;

import java.util.Deque;
import java.util.Locale;
import java.util.Map;

/** Reads a WebSocket endpoint's query parameters, each refusal naming the parameter and what it takes. */
public final class QueryParameters {

    /** A parameter is missing or invalid; the message says which and why. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    /** Parses a route's whole set of parameters. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(Map<String, Deque<String>> query) throws Invalid;
    }

    private final Map<String, Deque<String>> query;

    /**
     * The exchange's parameters, parsed once: the pipeline reads the names it authorizes before the route runs.
     *
     * @throws Refusal (400) when they are not valid
     */
    public static <T> T parsedOnce(HttpServerExchange exchange, AttachmentKey<T> key, Parser<T> parser) {
        T parsed = exchange.getAttachment(key);
        if (parsed == null) {
            try {
                parsed = parser.parse(exchange.getQueryParameters());
            } catch (Invalid e) {
                throw new Refusal(400, e.getMessage());
            }
            exchange.putAttachment(key, parsed);
        }
        return parsed;
    }

    public QueryParameters(Map<String, Deque<String>> query) {
        this.query = query;
    }

    public String required(String name) throws Invalid {
        String value = optional(name);
        if (value == null) {
            throw new Invalid("Request is missing required query parameter '" + name + "'");
        }
        return value;
    }

    /** @return the value without surrounding spaces and control characters, or null when nothing else is left */
    public String optional(String name) throws Invalid {
        Deque<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new Invalid("Query parameter '" + name + "' is given more than once");
        }
        String value = trimmed(values.getFirst());
        return value.isEmpty() ? null : value;
    }

    /** Without surrounding ASCII controls, spaces and Unicode whitespace: "%01" or "%E2%80%83" is no value. */
    private static String trimmed(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isPadding(value.charAt(start))) {
            start++;
        }
        while (end > start && isPadding(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(start, end);
    }

    private static boolean isPadding(char c) {
        return c <= ' ' || Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /** @return the format type, or null when the parameter is absent */
    public FormatType format(String name) throws Invalid {
        String value = optional(name);
        if (value == null) {
            return null;
        }
        FormatType type = FormatType.named(value);
        if (type == null) {
            throw new Invalid("Invalid value for query parameter '" + name + "': '" + echo(value) + "' (use one of "
                    + FormatType.names() + ")");
        }
        return type;
    }

    public SocketPayload payload() throws Invalid {
        String value = optional("socketPayload");
        SocketPayload payload = value == null ? SocketPayload.JSON : SocketPayload.named(value);
        if (payload == null) {
            throw new Invalid("Invalid value for query parameter 'socketPayload': '" + echo(value)
                    + "' (use json or avro)");
        }
        return payload;
    }

    /** @return the value in lower case, one of {@code allowed}, or {@code fallback} when absent */
    public String oneOf(String name, String fallback, String... allowed) throws Invalid {
        String value = optional(name);
        if (value == null) {
            return fallback;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        for (String candidate : allowed) {
            if (candidate.equals(lower)) {
                return lower;
            }
        }
        throw new Invalid("Invalid value for query parameter '" + name + "': '" + echo(value) + "' (use one of "
                + String.join(", ", allowed) + ")");
    }

    /**
     * @return the whole number given, from {@code min} to {@code max}, or {@code fallback} when absent. Only ASCII
     *         digits count: no sign, no other script's digits, no exponent.
     */
    public int wholeNumber(String name, int min, int max, int fallback) throws Invalid {
        String value = optional(name);
        if (value == null) {
            return fallback;
        }
        long number = value.length() <= 10 && value.chars().allMatch(c -> c >= '0' && c <= '9')
                ? Long.parseLong(value) : -1;
        if (number < min || number > max) {
            throw new Invalid("Invalid value for query parameter '" + name + "': '" + echo(value)
                    + "' (use a whole number from " + min + " to " + max + ")");
        }
        return (int) number;
    }

    /** A client's value in a refusal, cut short: the query may be as long as the request head. */
    private static String echo(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
