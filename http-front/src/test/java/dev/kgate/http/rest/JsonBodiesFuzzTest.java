package dev.kgate.http.rest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

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

    /** {@code produce/single}: the cheap check and the tree agree on what one JSON value is. */
    @FuzzTest
    void singleBody(byte[] body) {
        boolean wellFormed;
        try {
            JsonBodies.checkWellFormed(body);
            wellFormed = true;
        } catch (IOException e) {
            wellFormed = false;
        }
        JsonNode tree = parsedOrNull(body);
        assertEquals(wellFormed, tree != null, "checkWellFormed and parse disagree");
        if (tree != null) {
            assertFalse(tree.isMissingNode(), "parse gave no value");
        }
    }

    /** {@code produce/batch}: every slice is one JSON value, and the slices put back together are the array. */
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
        JsonNode whole = JsonBodies.parse(body);
        assertTrue(whole.isArray(), "sliced something that is not an array");
        assertEquals(whole.size(), elements.size(), "one slice per element");
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        joined.write('[');
        for (int i = 0; i < elements.size(); i++) {
            byte[] element = elements.get(i);
            JsonBodies.checkWellFormed(element);
            assertEquals(whole.get(i), JsonBodies.parse(element), "slice " + i + " is its element");
            joined.write(i == 0 ? ' ' : ',');
            joined.write(element);
        }
        joined.write(']');
        JsonNode rejoined = JsonBodies.parse(joined.toByteArray());
        assertEquals(whole, rejoined, "the slices concatenate back to the array");
        assertArrayEquals(elements.toArray(new byte[0][]), JsonBodies.arrayElements(joined.toByteArray())
                .toArray(new byte[0][]), "slicing the rejoined array gives the same bytes");
        assertTrue(rejoined instanceof ArrayNode);
    }

    private static JsonNode parsedOrNull(byte[] body) {
        try {
            return JsonBodies.parse(body);
        } catch (IOException e) {
            return null;
        }
    }
}
