package dev.kgate.http.ingest;

/**
 * The type of a key or value as the front received it. The connector maps each to the Connect schema of the same
 * type, so a converter writes it the way the client declared it.
 */
public enum ValueType {
    /** Bytes exactly as received: REST bodies, and base64-decoded {@code bytearray}/{@code avro} values. */
    BYTES,
    /** UTF-8 text. */
    STRING,
    /** A JSON document, held as its compact text. */
    JSON,
    INT16,
    INT32,
    INT64,
    FLOAT32,
    FLOAT64,
    /**
     * A value the station's {@link JsonValueMapper} built from a JSON document (a struct, a map, a list...),
     * carried as a {@link StructuredValue} with the schema the mapper chose.
     */
    STRUCTURED
}
