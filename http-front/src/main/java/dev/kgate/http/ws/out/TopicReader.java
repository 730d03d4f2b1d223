package dev.kgate.http.ws.out;

/**
 * One socket's Kafka consumer. It runs on a pool of threads shared by every socket's reader, so it never blocks
 * waiting for records: it reads when its socket has demand, and otherwise waits to be woken.
 */
public interface TopicReader extends AutoCloseable {

    /** Starts reading into {@code sink}. */
    void start(RecordSink sink);

    /** Commits {@code offset + 1} on {@code partition} for the client ({@code autoCommit=false}). Thread-safe. */
    void commit(int partition, long offset, String messageId);

    /** @return whether this reader holds {@code partition} now (commits for other partitions are refused) */
    boolean owns(int partition);

    /**
     * The socket takes records again after {@link RecordSink#demand()} said 0 (its client read its backlog, or its rate
     * allows more): read soon. Thread-safe and cheap; a reader that is already busy ignores it.
     */
    void wake();

    /** Stops reading, commits what was written (auto commit) and closes the consumer, off the caller's thread. */
    @Override
    void close();
}
