package dev.kgate.http.rest;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonBodiesTest {

    private static List<String> elements(String array) throws IOException {
        return JsonBodies.arrayElements(array.getBytes(StandardCharsets.UTF_8)).stream()
                .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void elementsKeepTheirExactBytes() throws Exception {
        assertEquals(List.of("{\"n\": 1.10}", "12345678901234567890", "-1.5e+300", "\"a, ]b\"", "[1, [2]]",
                        "true", "null", "{\"k\":\"v\" }"),
                elements("[ {\"n\": 1.10},12345678901234567890 , -1.5e+300,\n\"a, ]b\", [1, [2]], true,null,"
                        + "{\"k\":\"v\" }]"));
        assertEquals(List.of("0"), elements("[0]"));
        assertEquals(List.of(), elements("[]"));
        assertEquals(List.of("\"é\""), elements("[\"é\"]"));
    }

    @Test
    void anythingButOneArrayIsRefused() {
        for (String bad : new String[]{"{}", "1", "[1,", "[1] [2]", "[1,]", "", "[{\"a\":}]"}) {
            assertThrows(IOException.class, () -> elements(bad), bad);
        }
    }

    @Test
    void wellFormedMeansExactlyOneJsonValue() {
        assertDoesNotThrow(() -> JsonBodies.checkWellFormed("{\"a\": [1, 2]}".getBytes()));
        assertDoesNotThrow(() -> JsonBodies.checkWellFormed("\"text\"".getBytes()));
        for (String bad : new String[]{"{\"a\": ", "{} {}", "", "nul"}) {
            assertThrows(IOException.class, () -> JsonBodies.checkWellFormed(bad.getBytes()), bad);
        }
    }

    /** Fuzz finding: parse gave a MissingNode for a whitespace-only body, so a station's schema or key saw "no value". */
    @Test
    void parseRefusesWhatCheckWellFormedRefuses() {
        for (String bad : new String[]{"", "   ", "\n\t\r ", "{} {}", "{\"a\": "}) {
            assertThrows(IOException.class, () -> JsonBodies.parse(bad.getBytes()), "'" + bad + "'");
        }
        assertDoesNotThrow(() -> JsonBodies.parse(" 1 ".getBytes()));
    }

    /** Fuzz finding: a number BigDecimal cannot hold threw NumberFormatException out of parse (a 500, not a 400). */
    @Test
    void aNumberBeyondBigDecimalIsABadBodyNotACrash() {
        for (String bad : new String[]{"1e10000000000", "[1, -0.5e1000000567890890]", "{\"n\": 1E-99999999999}"}) {
            IOException refused = assertThrows(IOException.class, () -> JsonBodies.parse(bad.getBytes()), bad);
            assertFalse(refused.getMessage().contains("java."), refused.getMessage());
        }
    }
}
