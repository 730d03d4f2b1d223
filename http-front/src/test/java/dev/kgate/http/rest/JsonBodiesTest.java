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

    /**
     * Fuzz finding: Jackson reads bytes with NULs or a UTF-16/32 byte order mark as UTF-16 or UTF-32, and then its
     * offsets are not byte offsets: "[\0[\0]\0]\0" sliced into no element, other bodies into wrong bytes.
     */
    @Test
    void onlyUtf8IsJson() {
        String[] bodies = {"[\0[\0]\0]\0", "\0[\0\"\0a\0\"\0]", "\ufeff[1]", "\0\0\0[\0\0\0]"};
        java.nio.charset.Charset[] charsets = {StandardCharsets.ISO_8859_1, StandardCharsets.ISO_8859_1,
                StandardCharsets.UTF_16BE, StandardCharsets.ISO_8859_1};
        for (int i = 0; i < bodies.length; i++) {
            byte[] body = bodies[i].getBytes(charsets[i]);
            assertThrows(IOException.class, () -> JsonBodies.arrayElements(body), bodies[i]);
            assertThrows(IOException.class, () -> JsonBodies.checkWellFormed(body), bodies[i]);
            assertThrows(IOException.class, () -> JsonBodies.parse(body), bodies[i]);
        }
        byte[] utf16Le = "[\"a\",\"b\"]".getBytes(StandardCharsets.UTF_16LE);
        assertThrows(IOException.class, () -> JsonBodies.arrayElements(utf16Le));
        assertDoesNotThrow(() -> JsonBodies.arrayElements("\ufeff[1]".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void ndjsonIsSplitIntoItsLinesAsSentSkippingBlankOnes() throws IOException {
        byte[] body = "{\"a\":1}\n\n  \r\n[1, 2]\r\n\"x\"\nnot json".getBytes(StandardCharsets.UTF_8);
        List<String> lines = JsonBodies.lines(body).stream().map(line -> new String(line, StandardCharsets.UTF_8))
                .toList();
        assertEquals(List.of("{\"a\":1}", "[1, 2]", "\"x\"", "not json"), lines);
        assertEquals(List.of(), JsonBodies.lines("\n\r\n".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> JsonBodies.lines("\0{}".getBytes(StandardCharsets.ISO_8859_1)));
    }
}
