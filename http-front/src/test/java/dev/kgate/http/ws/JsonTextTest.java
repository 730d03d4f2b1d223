package dev.kgate.http.ws;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTextTest {

    private static final FrameTypes UNDECLARED = new FrameTypes(null, null, null);

    private static String jsonValueOf(String frame) throws BadFrameException {
        return (String) JsonInFrames.read(frame.getBytes(StandardCharsets.UTF_8), UNDECLARED).value().value();
    }

    /**
     * Fuzz finding: frames were read with doubles, so a {@code json} value 1e999 was written to Kafka as the string
     * "Infinity", and 0.1000000000000000055511151231257827 as 0.1: numbers now keep their exact value.
     */
    @Test
    void jsonValuesKeepTheirNumbersExactly() throws Exception {
        assertEquals("{\"n\":1E+999}", jsonValueOf("{\"value\":{\"value\":{\"n\":1e999},\"format\":\"json\"}}"));
        assertEquals("[0.1000000000000000055511151231257827,12345678901234567890.123456789]",
                jsonValueOf("{\"value\":{\"value\":[0.1000000000000000055511151231257827,"
                        + "12345678901234567890.123456789],\"format\":\"json\"}}"));
        assertEquals("{\"n\":-1E-400}", FormatType.JSON.decode("{\"n\": -1e-400}".getBytes(StandardCharsets.UTF_8))
                .toString());
    }

    /** A number BigDecimal cannot hold is a bad frame (an error frame), not an exception on the I/O thread. */
    @Test
    void aNumberBeyondBigDecimalIsABadFrame() {
        BadFrameException refused = assertThrows(BadFrameException.class,
                () -> jsonValueOf("{\"value\":{\"value\":[1e10000000000],\"format\":\"json\"},\"messageId\":\"m\"}"));
        assertTrue(refused.getMessage().contains("too large"), refused.getMessage());
        assertFalse(refused.getMessage().contains("java."), refused.getMessage());
        IllegalArgumentException decoded = assertThrows(IllegalArgumentException.class,
                () -> FormatType.JSON.decode("1E-99999999999".getBytes(StandardCharsets.UTF_8)));
        assertTrue(decoded.getMessage().startsWith("format json needs a JSON document"), decoded.getMessage());
    }

    /** Fuzz finding: a text frame with NULs is valid UTF-8, and Jackson read it as UTF-16 (an invalid frame accepted). */
    @Test
    void aFrameJacksonWouldReadAsUtf16IsABadFrame() {
        byte[] frame = "{\"value\":{\"value\":\"x\"}}".getBytes(StandardCharsets.UTF_16LE);
        assertThrows(BadFrameException.class, () -> JsonInFrames.read(frame, UNDECLARED));
    }
}
