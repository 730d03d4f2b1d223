package dev.kgate.http.ws.out;

import java.util.List;
import java.util.Map;

/** What a reader's thread hands its records to, and asks before reading more. Every method is thread-safe. */
public interface RecordSink {

    /**
     * @return how many more records the socket takes now (its rate, batch size and unsent backlog allow); after a 0,
     *         the socket calls {@link TopicReader#wake()} once it takes records again
     */
    int demand();

    /** Takes records in offset order per partition; never more than the last {@link #demand()} allowed. */
    void deliver(List<OutRecord> records);

    /** Per partition, the next offset to commit: one past the last record whose frame reached the network. */
    Map<Integer, Long> written();

    /** A manual commit the client asked for failed. */
    void commitFailed(String messageId, String reason);

    /** The reader stopped on an error it cannot recover from (the socket is closed with the reason). */
    void failed(String reason);
}
