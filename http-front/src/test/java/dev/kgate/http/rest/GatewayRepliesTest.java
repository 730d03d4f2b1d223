package dev.kgate.http.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.ingest.Outcome;
import dev.kgate.http.ingest.WriteResult;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

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

    @Test
    void theHandWrittenBatchBodyIsTheBodyJacksonWritesForTheBatchRecords() throws Exception {
        ObjectMapper jackson = new ObjectMapper();
        WriteResult first = new WriteResult("orders", 2, 41, 1_734_000_000_000L);
        WriteResult last = new WriteResult("orders", 0, Long.MAX_VALUE, -1);
        Outcome[] allWritten = {Outcome.written(first), Outcome.written(last)};
        assertEquals(jackson.writeValueAsString(new GatewayReplies.BatchBody(true, null, 2, 0, List.of(),
                        List.of(result(0, first), result(1, last)))),
                new String(GatewayReplies.batchBytes(List.of(), allWritten), StandardCharsets.UTF_8));

        // Element 1 refused before it was offered (no outcome), element 2 not written: "errors" in order.
        Outcome[] mixed = {Outcome.written(first), null, Outcome.of(Outcome.Kind.UNKNOWN_TIMED_OUT, "no ack"),
            Outcome.written(last)};
        List<String> errors = List.of("message 1: not valid JSON: \"\\ \u0001 \u00e9\ud83d\ude00",
                "message 2: no ack");
        assertEquals(jackson.writeValueAsString(new GatewayReplies.BatchBody(false,
                        "2 of 4 messages were not written", 2, 2, errors, List.of(result(0, first), result(3, last)))),
                new String(GatewayReplies.batchBytes(errors, mixed), StandardCharsets.UTF_8));
    }

    private static GatewayReplies.BatchResult result(int index, WriteResult result) {
        return new GatewayReplies.BatchResult(index, result.topic(), result.partition(), result.offset(),
                result.timestamp());
    }
}
