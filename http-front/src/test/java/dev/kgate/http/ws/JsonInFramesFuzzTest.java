package dev.kgate.http.ws;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kgate.http.ingest.MessageHeader;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * {@code /socket/in} JSON text frames: a frame becomes a message or a {@link BadFrameException} (an error frame,
 * the socket stays open), never anything else, and the reader keeps to its slice of the read buffer.
 */
class JsonInFramesFuzzTest {

    static final String RESERVED_HEADER = "kgate-user";

    /** The socket's declared types and reserved header, from one byte: what the query parameters can declare. */
    static FrameTypes typesOf(byte selector) {
        int bits = selector & 0xff;
        FormatType[] types = FormatType.values();
        int key = (bits >> 1) % (types.length + 1);
        int val = (bits >> 1) / (types.length + 1) % (types.length + 1);
        return new FrameTypes(key == types.length ? null : types[key], val == types.length ? null : types[val],
                (bits & 1) == 1 ? RESERVED_HEADER : null);
    }

    /** The first byte picks the socket's types, the rest is the frame, read from the middle of a larger buffer. */
    @DictionaryFile(resourcePath = "/dev/kgate/http/json.dict")
    @FuzzTest
    void read(byte[] input) {
        if (input.length == 0) {
            return;
        }
        FrameTypes types = typesOf(input[0]);
        int length = input.length - 1;
        // The wire hands over the frame inside its read buffer: bytes around it must not be read.
        byte[] buffer = new byte[length + 8];
        Arrays.fill(buffer, (byte) '}');
        System.arraycopy(input, 1, buffer, 3, length);
        assertEquals(FrameReads.outcome(() -> JsonInFrames.readAsTree(buffer, 3, length, types)),
                FrameReads.outcome(() -> JsonInFrames.read(buffer, 3, length, types)),
                "the scan reads (or refuses) every frame as the tree did");
        InboundRecord record;
        try {
            record = JsonInFrames.read(buffer, 3, length, types);
        } catch (BadFrameException e) {
            assertNotNull(e.getMessage());
            return;
        }
        assertNotNull(record.value(), "a message always has a value");
        if (types.valType() != null) {
            assertEquals(types.valType().valueType(), record.value().type(), "the declared value type holds");
        }
        if (types.keyType() != null && record.key() != null) {
            assertEquals(types.keyType().valueType(), record.key().type(), "the declared key type holds");
        }
        for (MessageHeader header : record.headers()) {
            assertFalse(header.key().isEmpty());
            assertFalse(RESERVED_HEADER.equalsIgnoreCase(header.key()) && types.reservedHeader() != null,
                    "clients cannot set the gateway's own header");
        }
        InboundRecord again;
        try {
            again = JsonInFrames.read(Arrays.copyOfRange(input, 1, input.length), types);
        } catch (BadFrameException e) {
            throw new AssertionError("the same frame read alone was refused: " + e.getMessage(), e);
        }
        assertEquals(record.messageId(), again.messageId(), "the slice is read, not the buffer around it");
    }
}
