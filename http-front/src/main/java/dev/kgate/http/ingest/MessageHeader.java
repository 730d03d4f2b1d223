package dev.kgate.http.ingest;

/** One record header to write with a message. HTTP and WebSocket header values are text, and so is this. */
public record MessageHeader(String key, String value) {
}
