package dev.kgate.http.ingest;

/** One record header to write with a message. */
public record MessageHeader(String key, byte[] value) {
}
