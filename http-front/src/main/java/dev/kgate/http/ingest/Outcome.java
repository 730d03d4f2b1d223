package dev.kgate.http.ingest;

/**
 * How one accepted message ended. Exactly one outcome is delivered per message.
 *
 * @param result the Kafka coordinates, only for {@link Kind#WRITTEN}
 * @param detail a short human-readable reason for every other kind
 */
public record Outcome(Kind kind, WriteResult result, String detail) {

    public enum Kind {
        /** Kafka acknowledged the write. */
        WRITTEN,
        /** Connect dropped the record (a transform filtered it, or errors.tolerance skipped it): not written. */
        DROPPED,
        /** Certainly not written (it never left the queue): a retry is safe and cannot duplicate. */
        NOT_WRITTEN,
        /** Handed to the producer, no acknowledgement within the timeout: it may or may not be in Kafka. */
        UNKNOWN_TIMED_OUT,
        /** Handed to the producer, then the task stopped before the acknowledgement: it may or may not be in Kafka. */
        UNKNOWN_STOPPED
    }

    public static Outcome written(WriteResult result) {
        return new Outcome(Kind.WRITTEN, result, null);
    }

    public static Outcome of(Kind kind, String detail) {
        return new Outcome(kind, null, detail);
    }

    /** What a client is told about a message that was not acknowledged: whether it is in Kafka, and why. */
    public String describe() {
        String prefix = switch (kind) {
            case WRITTEN -> "Written: ";
            case DROPPED -> "Message not written: ";
            case NOT_WRITTEN -> "Message not written, a retry is safe: ";
            case UNKNOWN_TIMED_OUT, UNKNOWN_STOPPED ->
                    "Outcome unknown, the message may or may not be in Kafka (a retry may duplicate it): ";
        };
        return prefix + detail;
    }
}
