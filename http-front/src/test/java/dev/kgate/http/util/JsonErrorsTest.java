package dev.kgate.http.util;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static dev.kgate.http.util.PlainMessages.assertPlain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Defect 14 of issue 9: a parser's failure is told to the client in the product's words. */
class JsonErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static String describe(byte[] text) {
        IOException failure = assertThrows(IOException.class, () -> JSON.readTree(text));
        return JsonErrors.describe(failure);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static Stream<Arguments> hostileJson() {
        return Stream.of(
                Arguments.of("100k [", utf8("[".repeat(100_000)), "the JSON nests deeper than 1000 levels"),
                Arguments.of("100k {", utf8("{\"a\":".repeat(100_000)), "the JSON nests deeper than 1000 levels"),
                Arguments.of("1001 [ closed", utf8("[".repeat(1001) + "]".repeat(1001)), "nests deeper than 1000"),
                Arguments.of("huge integer", utf8("1".repeat(5_000)), "a number is longer than 1000 digits"),
                Arguments.of("huge fraction", utf8("[0." + "5".repeat(5_000) + "]"), "a number is longer than 1000"),
                Arguments.of("huge string", utf8("\"" + "s".repeat(20_000_001) + "\""),
                        "a string is longer than 20000000 characters"),
                Arguments.of("huge name", utf8("{\"" + "n".repeat(60_000) + "\":1}"),
                        "a field name is longer than 50000 characters"),
                Arguments.of("truncated array", utf8("{\"a\":[1,2"),
                        "the JSON ends after 9 bytes before the array opened at line 1, column 6 is closed"),
                Arguments.of("truncated object", utf8("{\"a\":"), "the JSON ends after 5 bytes before it is complete"),
                Arguments.of("truncated string", utf8("[\"abc"), "the JSON ends after 5 bytes inside a string"),
                Arguments.of("unknown token", utf8("[1,x]"), "the JSON is malformed at byte 4: Unrecognized token"),
                Arguments.of("second line", utf8("[1,\n2,x]"), "at byte 7 (line 2, column 3)"),
                Arguments.of("missing colon", utf8("{\"a\" 1}"), "the JSON is malformed at byte 6"),
                Arguments.of("NUL", utf8("[1,\u0000]"), "the JSON is malformed at byte 5: Illegal character"),
                Arguments.of("control char in string", utf8("[\"a\u0001\"]"), "malformed at byte 4"),
                Arguments.of("invalid UTF-8 start", new byte[]{'[', '"', (byte) 0xff, '"', ']'},
                        "malformed at byte 4: Invalid UTF-8 start byte 0xff"),
                Arguments.of("invalid UTF-8 middle", new byte[]{'[', '"', (byte) 0xc3, '"', ']'}, "Invalid UTF-8"),
                Arguments.of("overlong UTF-8", new byte[]{'"', (byte) 0xc0, (byte) 0x80, '"'}, "malformed"),
                Arguments.of("not UTF-32 either", new byte[]{(byte) 0xff, (byte) 0xfe, 0, 0, 1, 2, 3, 4},
                        "the JSON is not valid UTF-8, UTF-16 or UTF-32 text"),
                Arguments.of("NaN", utf8("NaN"), "NaN and Infinity are not JSON numbers"),
                Arguments.of("trailing value", utf8("{} {}"), "more follows the JSON value at byte 4"),
                Arguments.of("trailing comma", utf8("{\"a\":1,}"), "malformed at byte 8"),
                Arguments.of("leading zero", utf8("01"), "malformed at byte 2"),
                Arguments.of("bad escape", utf8("\"\\x\""), "malformed at byte 3"),
                Arguments.of("token that looks like code", utf8("Exception()"), "the JSON is malformed at byte 1"),
                Arguments.of("token naming a class", utf8("java.lang.Object"), "the JSON is malformed at byte 1"),
                Arguments.of("very long token", utf8("x".repeat(3_000)), "the JSON is malformed at byte 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileJson")
    void everyFailureIsToldInTheProductsWords(String name, byte[] text, String expected) {
        String message = describe(text);
        assertPlain(message);
        assertTrue(message.contains(expected), name + ": " + message);
    }

    @Test
    void textWithoutBytesIsLocatedByCharacter() {
        IOException failure = assertThrows(IOException.class, () -> JSON.readTree("[1,x]"));
        assertEquals("the JSON is malformed at character 4: Unrecognized token 'x': was expecting (JSON String,"
                + " Number, Array, Object or token 'null', 'true' or 'false')", JsonErrors.describe(failure));
    }

    @Test
    void ourOwnPlainMessagesPassAndAnythingElseIsHidden() {
        assertEquals("no JSON value", JsonErrors.describe(new IOException("no JSON value")));
        assertEquals("the JSON cannot be read", JsonErrors.describe(new IOException("java.lang.Boom at x.Y()")));
        assertEquals("the JSON cannot be read", JsonErrors.describe(new IOException((String) null)));
    }
}
