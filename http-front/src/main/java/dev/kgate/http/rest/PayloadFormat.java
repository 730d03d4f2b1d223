package dev.kgate.http.rest;

/** What the client said its payload is; the connector decides how each maps to a Connect value. */
public enum PayloadFormat {
    TEXT,
    JSON,
    /** Newline-delimited JSON: one JSON value per line, a batch of them. */
    NDJSON,
    BINARY,
    /**
     * {@code application/x-protobuf} or {@code application/protobuf}: parsed against the station's message type when
     * it names one, else bytes like {@link #BINARY}.
     */
    PROTOBUF,
    /** A CloudEvent in structured mode ({@code application/cloudevents+json}): its data is the record's value. */
    CLOUDEVENT_STRUCTURED,
    /** A CloudEvent in binary mode: its attributes in {@code ce-*} headers, the body its data. */
    CLOUDEVENT_BINARY,
    /** A JSON array of structured CloudEvents ({@code application/cloudevents-batch+json}), a record each. */
    CLOUDEVENT_BATCH
}
