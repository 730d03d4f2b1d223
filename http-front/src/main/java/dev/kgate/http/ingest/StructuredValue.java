package dev.kgate.http.ingest;

/**
 * A value a station's {@link JsonValueMapper} built from JSON. The front carries it without looking inside: the
 * schema and value are whatever the mapper's host (the connector) will hand to the record.
 *
 * @param schema      the value's schema, or null for a schemaless value
 * @param value       the value itself
 * @param sizeInBytes an upper estimate of what it occupies on the heap and in the record, for the queue's byte
 *                    bound and the record size limit
 */
public record StructuredValue(Object schema, Object value, long sizeInBytes) {
}
