package dev.kgate.http.rest;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * REST bodies are untrusted bytes: a body is either one JSON value or an IOException (answered 400), and a batch
 * slices into elements that are each one JSON value and together are the array that was sent.
 */
class JsonBodiesFuzzTest {

    /** A number BigDecimal cannot hold: well-formed JSON that a station with a schema or key cannot read. */
    private static final String TOO_LARGE = "a number is too large to read";

    /** {@code produce/single}: the cheap check and the tree agree on what one JSON value is. */
    @DictionaryFile(resourcePath = "/dev/kgate/http/json.dict")
    @FuzzTest
    void singleBody(byte[] body) {
        boolean wellFormed;
        try {
            JsonBodies.checkWellFormed(body);
            wellFormed = true;
        } catch (IOException e) {
            wellFormed = false;
        }
        try {
            JsonNode tree = JsonBodies.parse(body);
            assertTrue(wellFormed, "parse accepted what checkWellFormed refused");
            assertFalse(tree.isMissingNode(), "parse gave no value");
        } catch (IOException e) {
            assertTrue(!wellFormed || TOO_LARGE.equals(e.getMessage()), "parse refused well-formed JSON: " + e);
        }
    }

    /** {@code produce/batch}: every slice is one JSON value, and the slices put back together are the array. */
    @DictionaryFile(resourcePath = "/dev/kgate/http/json.dict")
    @FuzzTest
    void batchSlicing(byte[] body) throws IOException {
        List<byte[]> elements;
        try {
            elements = JsonBodies.arrayElements(body);
        } catch (IOException e) {
            JsonNode tree = parsedOrNull(body);
            assertTrue(tree == null || !tree.isArray(), "a JSON array was refused: " + e.getMessage());
            return;
        }
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        joined.write('[');
        for (int i = 0; i < elements.size(); i++) {
            JsonBodies.checkWellFormed(elements.get(i));
            joined.write(i == 0 ? ' ' : ',');
            joined.write(elements.get(i));
        }
        joined.write(']');
        assertArrayEquals(elements.toArray(new byte[0][]), JsonBodies.arrayElements(joined.toByteArray())
                .toArray(new byte[0][]), "slicing the rejoined array gives the same bytes");
        JsonNode whole;
        try {
            whole = JsonBodies.parse(body);
        } catch (IOException e) {
            assertEquals(TOO_LARGE, e.getMessage(), "a sliced array is well-formed");
            return;
        }
        assertTrue(whole.isArray(), "sliced something that is not an array");
        assertEquals(whole.size(), elements.size(), "one slice per element");
        for (int i = 0; i < elements.size(); i++) {
            assertEquals(whole.get(i), JsonBodies.parse(elements.get(i)), "slice " + i + " is its element");
        }
        assertEquals(whole, JsonBodies.parse(joined.toByteArray()), "the slices concatenate back to the array");
    }

    private static JsonNode parsedOrNull(byte[] body) {
        try {
            return JsonBodies.parse(body);
        } catch (IOException e) {
            return null;
        }
    }
}
