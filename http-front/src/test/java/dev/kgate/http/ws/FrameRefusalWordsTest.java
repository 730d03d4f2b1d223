package dev.kgate.http.ws;

import dev.kgate.http.ws.avro.AvroInFrames;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static dev.kgate.http.util.PlainMessages.assertPlain;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Defect 14 of issue 9: a {@code /socket/in} frame whose JSON or Avro cannot be read is answered in the product's
 * words, and so is a {@code json} value read back for {@code /socket/out}.
 */
class FrameRefusalWordsTest {

    private static final FrameTypes UNDECLARED = new FrameTypes(null, null, null);

    static Stream<Arguments> hostileFrames() {
        return Stream.of(
                Arguments.of("[".repeat(100_000), "nests deeper than 1000 levels"),
                Arguments.of("{\"value\":{\"value\":" + "[".repeat(5_000) + "}}", "nests deeper than 1000 levels"),
                Arguments.of("{\"value\":{\"value\":" + "9".repeat(5_000) + ",\"format\":\"long\"}}",
                        "a number is longer than 1000 digits"),
                Arguments.of("{\"value\":{\"value\":\"abc", "the JSON ends after"),
                Arguments.of("{\"value\":{\"value\":NaN,\"format\":\"double\"}}", "NaN and Infinity"),
                Arguments.of("{\"value\":{\"value\":\"a\"}} trailing", "malformed"));
    }

    @ParameterizedTest
    @MethodSource("hostileFrames")
    void jsonFramesAreRefusedInTheProductsWords(String frame, String expected) {
        String message = assertThrows(BadFrameException.class,
                () -> JsonInFrames.read(frame.getBytes(StandardCharsets.UTF_8), UNDECLARED)).getMessage();
        assertPlain(message);
        assertTrue(message.startsWith("The frame is not valid JSON: ") && message.contains(expected), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[[[[[[[[[[", "{\"a\":", "NaN", "\"\\x\"", "1 2"})
    void jsonTextsInAvroFramesAndInKafkaAreToldPlainly(String text) {
        String deep = text.equals("[[[[[[[[[[") ? "[".repeat(100_000) : text;
        assertPlain(assertThrows(IllegalArgumentException.class, () -> FormatType.JSON.fromAvro(deep)).getMessage());
        assertPlain(assertThrows(IllegalArgumentException.class,
                () -> FormatType.JSON.decode(deep.getBytes(StandardCharsets.UTF_8))).getMessage());
    }

    static Stream<Arguments> corruptAvro() {
        return Stream.of(
                Arguments.of(new byte[]{}, "ends before the record is complete"),
                Arguments.of(new byte[]{0}, "ends before the record is complete"),
                Arguments.of(new byte[]{0x7f}, "a union branch index is out of range"),
                Arguments.of(new byte[]{0, 2, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f},
                        "a length is negative"),
                Arguments.of(new byte[]{0, 0, 2, (byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07},
                        "a union branch index is out of range"),
                Arguments.of(new byte[]{0, 2, 4, (byte) 0xff, (byte) 0xfe}, "ends before the record is complete"),
                Arguments.of(new byte[]{0, 0, 2, 0, 0, 0, 0, 0, 0, 0}, "trailing bytes"));
    }

    @ParameterizedTest
    @MethodSource("corruptAvro")
    void avroFramesAreRefusedInTheProductsWords(byte[] frame, String expected) {
        String message = assertThrows(IOException.class, () -> new AvroInFrames().read(frame)).getMessage();
        assertPlain(message);
        assertTrue(message.contains(expected), message);
    }
}
