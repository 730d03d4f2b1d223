package dev.kgate.http.rest;


import java.util.Locale;

/** The content types the REST gateway accepts for a single message, and what each means. */
final class ContentTypes {

    /** What a single post's 415 names: exactly the types {@link #formatOf} accepts. */
    static final String SINGLE_ACCEPTED = "text/*, application/json, application/x-protobuf or application/octet-stream";
    /** What a batch's 415 names: exactly the types {@link #batchFormatOf} accepts. */
    static final String BATCH_ACCEPTED = "application/json (an array), application/x-ndjson or application/jsonl"
            + " (a JSON value per line)";

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
            case "application/x-protobuf", "application/octet-stream" -> PayloadFormat.BINARY;
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
            default -> null;
        };
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
