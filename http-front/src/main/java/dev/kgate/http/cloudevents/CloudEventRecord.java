package dev.kgate.http.cloudevents;

import dev.kgate.http.ingest.MessageHeader;

import java.util.List;

/**
 * One CloudEvent as the Kafka record it becomes, the way the CloudEvents Kafka protocol binding writes an event in
 * binary mode: its data is the value, its attributes are headers ({@code ce_<name>}, and {@code content-type} for
 * {@code datacontenttype}).
 *
 * @param value           the event's data (empty when it has none): the JSON text of a structured event's JSON
 *                        {@code data}, as sent; the decoded {@code data_base64}; a binary-mode body as sent
 * @param dataContentType the event's {@code datacontenttype}, or null
 * @param jsonData        whether the value is the event's data as JSON
 * @param headers         the event's attributes as record headers
 */
public record CloudEventRecord(byte[] value, String dataContentType, boolean jsonData, List<MessageHeader> headers) {

    public CloudEventRecord {
        headers = List.copyOf(headers);
    }
}
