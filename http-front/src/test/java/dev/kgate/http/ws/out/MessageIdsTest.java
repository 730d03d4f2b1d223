package dev.kgate.http.ws.out;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code <topic>-<partition>-<offset>-<timestamp>} ids a /socket/out client commits with. */
class MessageIdsTest {

    /** Defect 15 of issue 9: a record without a timestamp (-1) has an id with two dashes in a row. */
    @Test
    void aRecordWithoutTimestampCanBeCommitted() {
        OutRecord record = new OutRecord("events", 3, 17, -1, null, null, java.util.List.of());
        assertEquals("events-3-17--1", record.messageId());
        assertEquals(new MessageIds.Parsed(3, 17), MessageIds.parse(record.messageId(), "events"));
        assertEquals(new MessageIds.Parsed(0, 0), MessageIds.parse("t-0-0--9223372036854775808", "t"));
    }

    @ParameterizedTest
    @CsvSource({
            "my-topic,     my-topic-2-41-1554402266846,   2, 41",
            "a-1-2,        a-1-2-0-5-7,                   0, 5",
            "a-1-2,        a-1-2-0-5--1,                  0, 5",
            "x-,           x--0-5-1,                      0, 5",
            "-,            --1-2-3,                       1, 2",
            "dots.and_underscores, dots.and_underscores-7-9-0, 7, 9",
            "9,            9-2147483647-9223372036854775807-1, 2147483647, 9223372036854775807",
            "t-0-1-2,      t-0-1-2-3-4-5,                 3, 4",
    })
    void idsAreReadFromTheRight(String topic, String id, int partition, long offset) {
        assertEquals(new MessageIds.Parsed(partition, offset), MessageIds.parse(id, topic));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "t", "t-", "t-0", "t-0-1", "t-0-1-", "t-0-1--", "t--1-2", "t-0--1-2", "t-0-1-2-",
            "t-x-1-2", "t-0-x-2", "t-0-1-x", "t-0-1-2x", "t-0-1-1.5", "t-+0-1-2", "t-0-+1-2", "t-0-1-+2",
            "t-2147483648-1-2", "t-0-9223372036854775808-2", "t-0-1-9223372036854775808",
            "t-0-1--9223372036854775809", "t-0-1-99999999999999999999999", "t-0-1---2", "t-\u0663-1-2",
            "t-0-1-2 ", " t-0-1-2", "t-0 -1-2", "other-0-1-2", "tt-0-1-2", "t.x-0-1-2", "-0-1-2", "0-1-2",
            "t-0-1-2-3"})
    void malformedIdsAndOtherTopicsAreRefusedWithAReason(String id) {
        assertNull(MessageIds.parse(id, "t"), id);
        String reason = MessageIds.refusal(id, "t");
        assertTrue(reason.contains("wsProxyMessageId"), reason);
        assertTrue(!reason.contains("Exception") && !reason.contains("java."), reason);
    }

    @Test
    void theRefusalSaysWhatIsWrong() {
        assertTrue(MessageIds.refusal("other-0-1-2", "t").contains("not a record of topic 't'"));
        assertTrue(MessageIds.refusal("t-2147483648-1-2", "t").contains("partition"));
        assertTrue(MessageIds.refusal("t-0-9223372036854775808-2", "t").contains("offset"));
        assertTrue(MessageIds.refusal("t-0-1-x", "t").contains("timestamp"));
        assertTrue(MessageIds.refusal("nonsense", "t").contains("<topic>-<partition>-<offset>-<timestamp>"));
        String huge = "t-0-1-" + "9".repeat(10_000);
        assertTrue(MessageIds.refusal(huge, "t").length() < 300, "the id is not echoed whole");
    }
}
