package dev.kgate.http.ws;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.util.JsonEncoding;
import dev.kgate.http.util.JsonErrors;

import java.io.IOException;

/** JSON text checks shared by the frame readers. */
final class JsonText {

    /**
     * One value per text ({@code {"a":1} junk} is refused, not read as {@code {"a":1}}), numbers as BigDecimal, not
     * double: a {@code json} value is written as the client sent it (with doubles, 1e999 became the string
     * "Infinity" and 0.1000000000000000055 became 0.1).
     */
    static final ObjectMapper MAPPER = new ExactNumbers();

    private JsonText() {
    }

    /**
     * @return the document in compact form
     * @throws IllegalArgumentException when the text is not one JSON document
     */
    static String compact(String text) {
        return parse(text).toString();
    }

    /** @throws IllegalArgumentException when the text is not one JSON document */
    static JsonNode parse(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node.isMissingNode()) {
                throw new IllegalArgumentException("format json needs a JSON document, got empty text");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("format json needs a JSON document: " + JsonErrors.describe(e));
        }
    }

    /**
     * Jackson lets BigDecimal's refusal of an exponent like 1e10000000000 through as a NumberFormatException, and
     * reads bytes as UTF-16 or UTF-32 when it guesses so (see {@link JsonEncoding}).
     */
    private static final class ExactNumbers extends ObjectMapper {

        ExactNumbers() {
            enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
            enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        }

        @Override
        public JsonNode readTree(byte[] content, int offset, int len) throws IOException {
            if (JsonEncoding.readAsOtherThanUtf8(content, offset, len)) {
                throw new JsonParseException(null, JsonEncoding.NOT_UTF8);
            }
            try {
                return super.readTree(content, offset, len);
            } catch (NumberFormatException e) {
                throw tooLarge(e);
            }
        }

        @Override
        public JsonNode readTree(String content) throws JsonProcessingException {
            try {
                return super.readTree(content);
            } catch (NumberFormatException e) {
                throw tooLarge(e);
            }
        }

        private static JsonProcessingException tooLarge(NumberFormatException e) {
            return new JsonParseException(null, "a number is too large to read", e);
        }
    }
}
