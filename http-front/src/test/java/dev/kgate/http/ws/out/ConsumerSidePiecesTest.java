package dev.kgate.http.ws.out;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.ingest.MessageHeader;
import dev.kgate.http.ws.FormatType;
import dev.kgate.http.ws.Queries;
import dev.kgate.http.ws.QueryParameters;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parts of /socket/out that need no Kafka: parameters, message ids, and how records are shown. */
class ConsumerSidePiecesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void parametersHaveTheSpecsDefaults() throws Exception {
        OutSocketParameters parameters = OutSocketParameters.parse(Queries.of("clientId", "c", "topic", "t"));
        assertEquals("c-group", parameters.groupId());
        assertEquals("earliest", parameters.offsetResetStrategy());
        assertEquals("read_uncommitted", parameters.isolationLevel());
        assertEquals(FormatType.STRING, parameters.valType());
        assertNull(parameters.keyType());
        assertTrue(parameters.autoCommit());
        assertEquals(0, parameters.rate());
        OutSocketParameters tuned = OutSocketParameters.parse(Queries.of("clientId", "c", "topic", "t", "groupId", "g",
                "autoCommit", "FALSE", "rate", "10", "batchSize", "5", "isolationLevel", "read_committed"));
        assertFalse(tuned.autoCommit());
        assertEquals(10, tuned.rate());
        assertEquals(5, tuned.batchSize());
        assertThrows(QueryParameters.Invalid.class, () -> OutSocketParameters.parse(
                Queries.of("clientId", "c", "topic", "t", "rate", "-1")));
        assertThrows(QueryParameters.Invalid.class, () -> OutSocketParameters.parse(
                Queries.of("clientId", "c", "topic", "t", "autoCommit", "maybe")));
    }

    @Test
    void messageIdsAreReadFromTheRightSoTopicsMayHaveDashes() {
        assertEquals(new MessageIds.Parsed(2, 41), MessageIds.parse("my-topic-2-41-1554402266846", "my-topic"));
        assertNull(MessageIds.parse("other-2-41-1", "my-topic"));
        assertNull(MessageIds.parse("my-topic-2-41", "my-topic"));
        assertNull(MessageIds.parse("my-topic-x-41-1", "my-topic"));
    }

    @Test
    void recordsAreShownAsKafkasDeserializersReadThem() throws Exception {
        ConsumerFrames frames = new ConsumerFrames(FormatType.INT, FormatType.JSON);
        OutRecord record = new OutRecord("t", 1, 7, 99, ByteBuffer.allocate(4).putInt(42).array(),
                "{\"a\": [1]}".getBytes(StandardCharsets.UTF_8), List.of(new MessageHeader("h", "v")));
        JsonNode frame = JSON.readTree(frames.json(record));
        assertEquals("t-1-7-99", frame.get("wsProxyMessageId").asText());
        assertEquals(42, frame.get("key").get("value").asInt());
        assertEquals(1, frame.get("value").get("value").get("a").get(0).asInt());
        assertEquals("v", frame.get("headers").get(0).get("value").asText());
        OutRecord notAnInt = new OutRecord("t", 0, 0, 0, new byte[3], "{}".getBytes(StandardCharsets.UTF_8),
                List.of());
        assertThrows(IllegalArgumentException.class, () -> frames.json(notAnInt));
        assertTrue(new ConsumerFrames(null, FormatType.BYTEARRAY).avro(
                new OutRecord("t", 0, 0, 0, null, new byte[]{1}, List.of())).length > 0);
    }
}
