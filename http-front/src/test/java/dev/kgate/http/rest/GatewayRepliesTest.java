package dev.kgate.http.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.ingest.WriteResult;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GatewayRepliesTest {

    @Test
    void theHandWrittenAckIsTheBodyJacksonWritesForTheAckRecord() throws Exception {
        ObjectMapper jackson = new ObjectMapper();
        for (WriteResult result : new WriteResult[]{new WriteResult("orders", 0, 0, 1_734_000_000_000L),
            new WriteResult("a.b-c_d", 11, Long.MAX_VALUE, -1), new WriteResult("t\"\\", 2, 7, 0)}) {
            String expected = jackson.writeValueAsString(new GatewayReplies.Ack(true, null, result.topic(),
                    result.partition(), result.offset(), result.timestamp()));
            assertEquals(expected, new String(GatewayReplies.ackBytes(result), StandardCharsets.UTF_8));
        }
    }
}
