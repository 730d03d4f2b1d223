package dev.kgate.http.rest;

import dev.kgate.http.cloudevents.BinaryCloudEvents;
import dev.kgate.http.cloudevents.CloudEventRecord;
import dev.kgate.http.cloudevents.StructuredCloudEvents;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;

import java.util.Locale;

/** The content types the REST gateway accepts for a single message, and what each means. */
final class ContentTypes {

    /** What a single post's 415 names: exactly the types {@link #formatOf} accepts, and binary-mode CloudEvents. */
    static final String SINGLE_ACCEPTED = "text/*, application/json, application/x-protobuf (or application/protobuf),"
            + " application/octet-stream"
            + " or application/cloudevents+json; or a CloudEvent in binary mode (ce-specversion and the other ce-*"
            + " headers, with any Content-Type)";
    /** What a batch's 415 names: exactly the types {@link #batchFormatOf} accepts. */
    static final String BATCH_ACCEPTED = "application/json (an array), application/x-ndjson or application/jsonl"
            + " (a JSON value per line), or application/cloudevents-batch+json (an array of CloudEvents)";

    /** The seed API's name for protobuf bodies, and the one the IETF media type draft registers. */
    private static final String PROTOBUF = "application/x-protobuf";
    private static final String PROTOBUF_IANA = "application/protobuf";

    private ContentTypes() {
    }

    /** @return the payload format for a Content-Type header, or null when the gateway does not accept it */
    static PayloadFormat formatOf(String contentType) {
        String mediaType = mediaType(contentType);
        if (mediaType == null) {
            return null;
        }
        if (mediaType.startsWith("text/")) {
            return PayloadFormat.TEXT;
        }
        return switch (mediaType) {
            case "application/json" -> PayloadFormat.JSON;
            // What ETL tools and webhook senders post when they do not know better: bytes, written as sent.
            case "application/octet-stream" -> PayloadFormat.BINARY;
            case PROTOBUF, PROTOBUF_IANA -> PayloadFormat.PROTOBUF;
            case StructuredCloudEvents.MEDIA_TYPE -> PayloadFormat.CLOUDEVENT_STRUCTURED;
            default -> null;
        };
    }

    /** @return how a batch body is split: a JSON array, or one JSON value per line; null when not accepted */
    static PayloadFormat batchFormatOf(String contentType) {
        String mediaType = mediaType(contentType);
        if (mediaType == null) {
            return null;
        }
        return switch (mediaType) {
            case "application/json" -> PayloadFormat.JSON;
            case "application/x-ndjson", "application/jsonl" -> PayloadFormat.NDJSON;
            case StructuredCloudEvents.BATCH_MEDIA_TYPE -> PayloadFormat.CLOUDEVENT_BATCH;
            default -> null;
        };
    }

    /**
     * Whether a single post is a CloudEvent in binary mode: it has {@code ce-*} headers and no CloudEvents type of
     * its own (structured mode wins, as the HTTP binding says); its Content-Type is then the data's, whatever it is.
     */
    static boolean binaryCloudEvent(HeaderMap headers) {
        String mediaType = mediaType(headers.getFirst(Headers.CONTENT_TYPE));
        return BinaryCloudEvents.present(headers)
                && (mediaType == null || !mediaType.startsWith("application/cloudevents"));
    }

    /** The value format of an event's data. */
    static PayloadFormat dataFormatOf(CloudEventRecord event) {
        if (event.jsonData()) {
            return PayloadFormat.JSON;
        }
        String mediaType = mediaType(event.dataContentType());
        if (PROTOBUF.equals(mediaType) || PROTOBUF_IANA.equals(mediaType)) {
            return PayloadFormat.PROTOBUF;
        }
        return mediaType != null && mediaType.startsWith("text/") ? PayloadFormat.TEXT : PayloadFormat.BINARY;
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
