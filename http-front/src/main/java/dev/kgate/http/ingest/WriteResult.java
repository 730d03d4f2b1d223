package dev.kgate.http.ingest;

/** Where Kafka stored a message: the coordinates a client gets back. */
public record WriteResult(String topic, int partition, long offset, long timestamp) {
}
