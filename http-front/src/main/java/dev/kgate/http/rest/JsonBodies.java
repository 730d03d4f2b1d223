package dev.kgate.http.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.util.JsonEncoding;

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

    /** @throws IOException when the body is not exactly one JSON value (Jackson gives a MissingNode for none) */
    static JsonNode parse(byte[] body) throws IOException {
        requireUtf8(body);
        JsonNode value;
        try {
            value = JSON.readTree(body);
        } catch (NumberFormatException e) {
            // Jackson lets BigDecimal's refusal of an exponent like 1e10000000000 through unwrapped.
            throw new IOException("a number is too large to read", e);
        }
        if (value == null || value.isMissingNode()) {
            throw new IOException("no JSON value");
        }
        return value;
    }

    /** Checks the body is one well-formed JSON value, without building a tree. */
    static void checkWellFormed(byte[] body) throws IOException {
        requireUtf8(body);
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
     * Splits a JSON array into its elements' exact bytes (numbers, spacing and key order as sent). An element ends
     * where the next token starts, less the separating comma and whitespace: the parser's own positions are exact
     * only at token starts.
     *
     * @throws IOException when the body is not one well-formed JSON array
     */
    static List<byte[]> arrayElements(byte[] body) throws IOException {
        requireUtf8(body);
        List<byte[]> elements = new ArrayList<>();
        try (JsonParser parser = FACTORY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("the body must be a JSON array");
            }
            int previousStart = -1;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                int start = (int) parser.currentTokenLocation().getByteOffset();
                if (previousStart >= 0) {
                    elements.add(slice(body, previousStart, start));
                }
                previousStart = start;
                parser.skipChildren();
            }
            if (previousStart >= 0) {
                elements.add(slice(body, previousStart, (int) parser.currentTokenLocation().getByteOffset()));
            }
            if (parser.nextToken() != null) {
                throw new IOException("unexpected content after the array");
            }
        }
        return elements;
    }

    /**
     * Splits newline-delimited JSON into its lines, each as sent (without its {@code \n} or {@code \r\n}); blank
     * lines are skipped. Each line is checked later, on its own, so one bad line does not refuse the others.
     *
     * @throws IOException when the body is not UTF-8 JSON text
     */
    static List<byte[]> lines(byte[] body) throws IOException {
        requireUtf8(body);
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
                if (!isBlank(body, start, end)) {
                    lines.add(Arrays.copyOfRange(body, start, end));
                }
                start = i + 1;
            }
        }
        return lines;
    }

    private static boolean isBlank(byte[] body, int from, int to) {
        for (int i = from; i < to; i++) {
            if (body[i] != ' ' && body[i] != '\t' && body[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Byte offsets are only byte offsets when Jackson reads UTF-8. */
    private static void requireUtf8(byte[] body) throws IOException {
        if (JsonEncoding.readAsOtherThanUtf8(body, 0, body.length)) {
            throw new IOException(JsonEncoding.NOT_UTF8);
        }
    }

    /** The bytes from {@code start} up to the next token at {@code next}, without the comma and spaces between. */
    private static byte[] slice(byte[] body, int start, int next) {
        int end = skipWhitespaceBackwards(body, start, next);
        if (end > start && body[end - 1] == ',') {
            end = skipWhitespaceBackwards(body, start, end - 1);
        }
        return Arrays.copyOfRange(body, start, end);
    }

    private static int skipWhitespaceBackwards(byte[] body, int start, int end) {
        while (end > start && (body[end - 1] == ' ' || body[end - 1] == '\n' || body[end - 1] == '\r'
                || body[end - 1] == '\t')) {
            end--;
        }
        return end;
    }
}
