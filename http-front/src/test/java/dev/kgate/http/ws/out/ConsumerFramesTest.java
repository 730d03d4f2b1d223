package dev.kgate.http.ws.out;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.ws.FormatType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.kgate.http.util.PlainMessages.assertPlain;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
