package dev.kgate.http.ws.out;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.ingest.MessageHeader;
import dev.kgate.http.ws.FormatType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static dev.kgate.http.util.PlainMessages.assertPlain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Records read from Kafka as hostile producers may have written them. */
class ConsumerFramesTest {

    private static OutRecord record(String value) {
        return new OutRecord("t", 0, 1, -1, null, value.getBytes(StandardCharsets.UTF_8), List.of());
    }

    @Test
    void aJsonValueAsDeepAsTheReaderTakesCanBeShown() throws Exception {
        ConsumerFrames frames = new ConsumerFrames(null, FormatType.JSON);
        String deepest = "[".repeat(1000) + "]".repeat(1000);
        // Two levels deeper than the value: a client reading it with Jackson's defaults needs a higher limit.
        ObjectMapper relaxed = new ObjectMapper(JsonFactory.builder().streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(1002).build()).build());
        JsonNode frame = relaxed.readTree(frames.json(record(deepest)));
        assertEquals("t-0-1--1", frame.get("wsProxyMessageId").asText());
        assertTrue(frame.get("value").get("value").isArray());
        assertTrue(frames.avro(record(deepest)).length > 2000);
    }

    @Test
    void aJsonValueTooDeepOrMalformedIsRefusedPlainly() {
        ConsumerFrames frames = new ConsumerFrames(null, FormatType.JSON);
        for (String value : new String[]{"[".repeat(100_000), "[".repeat(1001) + "]".repeat(1001), "{\"a\":",
                "1".repeat(2_000), "NaN", "[1] [2]"}) {
            String message = assertThrows(IllegalArgumentException.class, () -> frames.json(record(value)))
                    .getMessage();
            assertPlain(message);
            assertTrue(message.startsWith("value: format json needs a JSON document"), message);
        }
    }

    @Test
    void aFrameCarriesTheRecordAsTheSpecShowsItWithEveryCharacterOfItsStrings() throws Exception {
        String text = "quote \" backslash \\ newline \n nul \u0000 e\u0301 \ud83d\ude00";
        OutRecord record = new OutRecord("orders.v1", 2, 1234567890123L, -1, "k\"1".getBytes(StandardCharsets.UTF_8),
                text.getBytes(StandardCharsets.UTF_8), List.of(new MessageHeader("h\t", "v\""),
                        new MessageHeader("second", "")));
        JsonNode frame = new ObjectMapper().readTree(new ConsumerFrames(FormatType.STRING, FormatType.STRING)
                .json(record));
        assertEquals(record.messageId(), frame.get("wsProxyMessageId").asText());
        assertEquals("orders.v1", frame.get("topic").asText());
        assertEquals(2, frame.get("partition").asInt());
        assertEquals(1234567890123L, frame.get("offset").asLong());
        assertEquals(-1, frame.get("timestamp").asLong());
        assertEquals("h\t", frame.get("headers").get(0).get("key").asText());
        assertEquals("v\"", frame.get("headers").get(0).get("value").asText());
        assertEquals("", frame.get("headers").get(1).get("value").asText());
        assertEquals("k\"1", frame.get("key").get("value").asText());
        assertEquals(text, frame.get("value").get("value").asText());
        assertEquals("string", frame.get("value").get("format").asText());
        assertEquals(List.of("wsProxyMessageId", "topic", "partition", "offset", "timestamp", "headers", "key",
                "value"), iterate(frame.fieldNames()));
    }

    @Test
    void aTombstoneAndNumbersAndBytesAreShownInTheirFormats() throws Exception {
        OutRecord tombstone = new OutRecord("t", 0, 0, 5, new byte[]{0, 0, 0, 7}, null, List.of());
        JsonNode frame = new ObjectMapper().readTree(new ConsumerFrames(FormatType.INT, FormatType.BYTEARRAY)
                .json(tombstone));
        assertEquals(7, frame.get("key").get("value").asInt());
        assertEquals("int", frame.get("key").get("format").asText());
        assertTrue(frame.get("value").get("value").isNull());
        OutRecord bytes = new OutRecord("t", 0, 0, 5, null, new byte[]{(byte) 0xff, 0, 1}, List.of());
        frame = new ObjectMapper().readTree(new ConsumerFrames(null, FormatType.BYTEARRAY).json(bytes));
        assertEquals("/wAB", frame.get("value").get("value").asText());
        assertNull(frame.get("key"));
        OutRecord number = new OutRecord("t", 0, 0, 5, null, ByteBuffer.allocate(8).putDouble(Double.NaN)
                .array(), List.of());
        frame = new ObjectMapper().readTree(new ConsumerFrames(null, FormatType.DOUBLE).json(number));
        assertEquals("NaN", frame.get("value").get("value").asText());
    }

    private static List<String> iterate(Iterator<String> names) {
        List<String> all = new ArrayList<>();
        names.forEachRemaining(all::add);
        return all;
    }
}
