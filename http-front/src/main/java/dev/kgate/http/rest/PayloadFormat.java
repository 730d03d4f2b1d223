package dev.kgate.http.rest;

/** What the client said its payload is; the connector decides how each maps to a Connect value. */
public enum PayloadFormat {
    TEXT,
    JSON,
    /** Newline-delimited JSON: one JSON value per line, a batch of them. */
    NDJSON,
    BINARY
}
