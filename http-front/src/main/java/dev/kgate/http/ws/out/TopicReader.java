package dev.kgate.http.ws.out;

/** One socket's Kafka consumer, on a thread of its own. */
public interface TopicReader extends AutoCloseable {

    /** Starts reading into {@code sink}. */
    void start(RecordSink sink);

    /** Commits {@code offset + 1} on {@code partition} for the client ({@code autoCommit=false}). Thread-safe. */
    void commit(int partition, long offset, String messageId);

    /** @return whether this reader holds {@code partition} now (commits for other partitions are refused) */
    boolean owns(int partition);

    /** Stops reading, commits what was written (auto commit), closes the consumer and ends the thread. */
    @Override
    void close();
}
