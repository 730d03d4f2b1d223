package dev.kgate.http.util;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonBytesTest {

    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void stringsAreEscapedAndEncodedExactlyAsJacksonWritesThem() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 5_000; round++) {
            String value = randomText(random, false);
            byte[] expected = JACKSON.writeValueAsBytes(value);
            assertArrayEquals(expected, new JsonBytes().string(value).toByteArray(), value);
            assertArrayEquals(expected, new JsonBytes().utf8String(value.getBytes(StandardCharsets.UTF_8))
                    .toByteArray(), value);
        }
    }

    /** Jackson escapes them as two {@code \\uXXXX}; these are written as their four UTF-8 bytes, the same JSON string. */
    @Test
    void charactersBeyondTheBasicPlaneAreWrittenAsUtf8AndReadBackTheSame() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 5_000; round++) {
            String value = randomText(random, true);
            byte[] written = new JsonBytes().string(value).toByteArray();
            assertEquals(value, JACKSON.readValue(written, String.class));
            assertArrayEquals(written, new JsonBytes().utf8String(value.getBytes(StandardCharsets.UTF_8))
                    .toByteArray());
        }
    }

    private static String randomText(Random random, boolean beyondBasicPlane) {
        String alphabet = "ab\"\\/\b\t\n\f\r\u0000\u001f\u007f é€";
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(5)) {
                case 0 -> text.append((char) random.nextInt(0xd800));
                case 1 -> text.appendCodePoint(beyondBasicPlane ? 0x10000 + random.nextInt(0x100000) : 0xe000
                        + random.nextInt(0x2000));
                default -> text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return text.toString();
    }

    @Test
    void malformedUtf8IsWrittenAsTheReplacementCharacterADecodedStringHas() throws Exception {
        byte[] malformed = {'a', (byte) 0xc3, '"', (byte) 0xff};
        assertArrayEquals(JACKSON.writeValueAsBytes(new String(malformed, StandardCharsets.UTF_8)),
                new JsonBytes().utf8String(malformed).toByteArray());
    }

    @Test
    void aLoneSurrogateBecomesTheReplacementCharacterAndTheOutputStaysUtf8() {
        byte[] written = new JsonBytes().string("x\ud800y").toByteArray();
        assertEquals("\"x\ufffdy\"", new String(written, StandardCharsets.UTF_8));
    }

    @Test
    void numbersAndRawBytes() {
        long[] numbers = {Long.MIN_VALUE, -1_000_000_007L, -10, -1, 0, 1, 9, 10, 99, 100, 1_734_000_000_000L,
            Long.MAX_VALUE};
        JsonBytes json = new JsonBytes().raw('[');
        StringBuilder expected = new StringBuilder("[");
        for (long number : numbers) {
            json.number(number).raw(',');
            expected.append(number).append(',');
        }
        assertEquals(expected.toString(), new String(json.toByteArray(), StandardCharsets.US_ASCII));
    }

    @Test
    void growsForLargeStringsAndLetsAVeryLargeBufferGoOnReset() {
        JsonBytes json = new JsonBytes();
        String large = "x".repeat(1 << 20);
        assertEquals(large.length() + 2, json.string(large).length());
        assertEquals(0, json.reset().length());
        assertEquals(1024, json.array().length);
    }

    @Test
    void theArrayGrowsWithWhatIsWrittenNotWithWhatEscapesCouldTake() {
        int size = 1 << 20;
        byte[] plain = new byte[size];
        Arrays.fill(plain, (byte) 'a');
        JsonBytes json = new JsonBytes();
        json.utf8String(plain);
        assertTrue(json.array().length < size + 64, "array of " + json.array().length + " bytes");
        json.reset().string("b".repeat(size));
        assertTrue(json.array().length < size + 64, "array of " + json.array().length + " bytes");
        // Escapes grow it as they come.
        plain[size - 1] = '"';
        assertEquals(size + 3, json.reset().utf8String(plain).length());
    }
}
