package dev.kgate.http.ws;

import java.util.Locale;

/** How frames on a socket are encoded: JSON text frames, or binary frames holding the Avro wrapper records. */
public enum SocketPayload {
    JSON,
    AVRO;

    /** @return the payload with this name (case-insensitive), or null when there is none */
    public static SocketPayload named(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "json" -> JSON;
            case "avro" -> AVRO;
            default -> null;
        };
    }
}
