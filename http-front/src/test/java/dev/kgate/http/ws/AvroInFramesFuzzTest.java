package dev.kgate.http.ws;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kgate.http.ingest.MessageHeader;
import dev.kgate.http.ws.avro.AvroInFrames;
import org.apache.avro.generic.GenericRecord;

import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * {@code /socket/in} binary {@code AvroProducerRecord} frames: the bytes are one wrapper record or an IOException,
 * and a wrapper becomes a message or a {@link BadFrameException}; nothing else, whatever the bytes claim.
 */
class AvroInFramesFuzzTest {

    /** One reader per socket, reused frame after frame as on the socket's I/O thread. */
    private static final AvroInFrames FRAMES = new AvroInFrames();

    /** The first byte picks the socket's types (as in {@link JsonInFramesFuzzTest}), the rest is the frame. */
    @FuzzTest
    void read(byte[] input) {
        if (input.length == 0) {
            return;
        }
        FrameTypes types = JsonInFramesFuzzTest.typesOf(input[0]);
        GenericRecord wrapper;
        try {
            wrapper = FRAMES.read(Arrays.copyOfRange(input, 1, input.length));
        } catch (IOException e) {
            return;
        }
        InboundRecord record;
        try {
            record = AvroRecords.toInbound(wrapper, types);
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
            assertFalse(JsonInFramesFuzzTest.RESERVED_HEADER.equalsIgnoreCase(header.key())
                    && types.reservedHeader() != null, "clients cannot set the gateway's own header");
        }
    }
}
