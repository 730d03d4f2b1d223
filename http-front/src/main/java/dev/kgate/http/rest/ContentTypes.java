package dev.kgate.http.rest;


import java.util.Locale;

/** The content types the REST gateway accepts for a single message, and what each means. */
final class ContentTypes {

    private ContentTypes() {
    }

    /** @return the payload format for a Content-Type header, or null when the gateway does not accept it */
    static PayloadFormat formatOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim().toLowerCase(Locale.ROOT);
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
}
