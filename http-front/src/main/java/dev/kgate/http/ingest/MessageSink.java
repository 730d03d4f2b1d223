package dev.kgate.http.ingest;

/**
 * Where the front hands accepted messages. The connector implements it with a bounded queue per task that
 * {@code poll()} drains and {@code commitRecord()} completes.
 */
public interface MessageSink {

    enum Offer {
        ACCEPTED,
        /** Bounded queue full, in records or bytes: tell the client to come back later. */
        FULL,
        /** The connector is paused: nothing is taken until it is resumed. */
        PAUSED,
        /** The sink is stopping: nothing more is taken. */
        STOPPED
    }

    /** Takes the message or says why not; never blocks. An accepted message gets exactly one outcome. */
    Offer offer(IngestMessage message);

    /** A cheap, non-binding check made before a body is read, so a full sink does not make us buffer it. */
    boolean hasRoomFor(long bytes);
}
