package dev.kgate.http.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reading JSON bodies without changing them: what is written to Kafka is always the client's own bytes. */
final class JsonBodies {

    /** Numbers become BigDecimal, never double, so validation sees exactly what was sent. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonFactory FACTORY = JSON.getFactory();

    private JsonBodies() {
    }

    static JsonNode parse(byte[] body) throws IOException {
        return JSON.readTree(body);
    }

    /** Checks the body is one well-formed JSON value, without building a tree. */
    static void checkWellFormed(byte[] body) throws IOException {
        try (JsonParser parser = FACTORY.createParser(body)) {
            if (parser.nextToken() == null) {
                throw new IOException("no JSON value");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new IOException("more than one JSON value");
            }
        }
    }

    /**
     * Splits a JSON array into its elements' exact bytes (numbers, spacing and key order as sent).
     *
     * @throws IOException when the body is not one well-formed JSON array
     */
    static List<byte[]> arrayElements(byte[] body) throws IOException {
        List<byte[]> elements = new ArrayList<>();
        try (JsonParser parser = FACTORY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("the body must be a JSON array");
            }
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                int start = (int) parser.currentTokenLocation().getByteOffset();
                parser.skipChildren();
                int end = (int) parser.currentLocation().getByteOffset();
                elements.add(Arrays.copyOfRange(body, start, trimmedEnd(body, start, end)));
            }
            if (parser.nextToken() != null) {
                throw new IOException("unexpected content after the array");
            }
        }
        return elements;
    }

    /** After a number the parser may have read one delimiter past it; a JSON value never ends in one. */
    private static int trimmedEnd(byte[] body, int start, int end) {
        int e = Math.min(end, body.length);
        while (e > start) {
            byte b = body[e - 1];
            if (b == ',' || b == ']' || b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                e--;
            } else {
                break;
            }
        }
        return e;
    }
}
