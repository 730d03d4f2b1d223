package dev.kgate.http.body;

import io.undertow.util.HeaderValues;

import java.util.Locale;

/** The {@code Content-Encoding}s a request body may come in: none, or gzip. */
public enum ContentEncoding {
    IDENTITY,
    GZIP;

    /** For a refusal: what the gateway takes. */
    public static final String ACCEPTED = "send the body uncompressed or with Content-Encoding: gzip (or x-gzip),"
            + " one encoding only";

    /**
     * @param values every {@code Content-Encoding} header of the request, or null for none
     * @return the encoding, or null when it is anything else: deflate, br, several encodings in one header or several
     * headers (a second header line must not slip past the first)
     */
    public static ContentEncoding of(HeaderValues values) {
        if (values == null || values.isEmpty()) {
            return IDENTITY;
        }
        if (values.size() > 1) {
            return null;
        }
        return switch (values.getFirst().trim().toLowerCase(Locale.ROOT)) {
            case "", "identity" -> IDENTITY;
            case "gzip", "x-gzip" -> GZIP;
            default -> null;
        };
    }
}
