package dev.kgate.http.ws.out;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /socket/out} commit frames carry the {@code topic-partition-offset-timestamp} ids the server sent: any
 * text either names a partition and offset of the socket's topic, or is refused (null), never an exception.
 */
class MessageIdsFuzzTest {

    /** The socket's topic, a newline, then the id a client sent. */
    @FuzzTest
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        String topic = newline < 0 ? "orders" : text.substring(0, newline);
        String id = newline < 0 ? text : text.substring(newline + 1);
        MessageIds.Parsed parsed = MessageIds.parse(id, topic);
        if (parsed != null) {
            assertTrue(parsed.partition() >= 0 && parsed.offset() >= 0, "no negative partition or offset");
            assertTrue(id.startsWith(topic + "-"), "an id of another topic was accepted");
        }
    }

    /** Every id the server writes reads back as its partition and offset. */
    @FuzzTest
    void roundTrip(FuzzedDataProvider data) {
        String topic = topicName(data.consumeString(40));
        int partition = data.consumeInt(0, Integer.MAX_VALUE);
        long offset = data.consumeLong(0, Long.MAX_VALUE);
        // Timestamps from 0 up: -1 (a record without a timestamp) is issue 9's defect 15, fixed on its own branch.
        long timestamp = data.consumeLong(0, Long.MAX_VALUE);
        String id = topic + "-" + partition + "-" + offset + "-" + timestamp;
        MessageIds.Parsed parsed = MessageIds.parse(id, topic);
        assertNotNull(parsed, id);
        assertEquals(partition, parsed.partition(), id);
        assertEquals(offset, parsed.offset(), id);
    }

    /** A legal Kafka topic name made of the fuzzer's characters (dashes and digits included, they matter here). */
    private static String topicName(String raw) {
        StringBuilder name = new StringBuilder();
        for (char c : raw.toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_') {
                name.append(c);
            }
        }
        String topic = name.toString();
        return topic.isEmpty() || topic.equals(".") || topic.equals("..") ? "t" : topic;
    }
}
