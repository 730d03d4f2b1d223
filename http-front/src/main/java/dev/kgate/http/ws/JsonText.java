package dev.kgate.http.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.util.JsonErrors;

/** JSON text checks shared by the frame readers. */
final class JsonText {

    /** One value per text: {@code {"a":1} junk} is refused, not read as {@code {"a":1}}. */
    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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
}
