package dev.kgate.http.ingest;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A message the front accepted and handed to a {@link MessageSink}, with the way to answer its client.
 *
 * <p>Its life is QUEUED, then SENDING once the sink hands it to the producer, then DONE. The state decides what a
 * timeout or a stop may tell the client: a message still QUEUED is certainly not written, one SENDING may be.
 * Every transition is a CAS, so the first of ack, drop, timeout and stop wins and the client is answered once.
 */
public final class IngestMessage {

    private static final int QUEUED = 0;
    private static final int SENDING = 1;
    private static final int DONE = 2;

    private final String topic;
    private final TypedValue key;
    private final TypedValue value;
    private final List<MessageHeader> headers;
    private final String clientMessageId;
    private final Consumer<Outcome> onOutcome;
    private final long sizeInBytes;
    /** When the front accepted it (its body read and parsed): where the time to Kafka's ack is measured from. */
    private final long acceptedAtNanos = System.nanoTime();
    private final AtomicInteger state = new AtomicInteger(QUEUED);
    /** Told what really became of the message, once, even after its client was answered; may be null. */
    private volatile Consumer<Outcome> fate;
    private final AtomicBoolean fateTold = new AtomicBoolean();

    /** @param key null for a record without a key */
    public IngestMessage(String topic, TypedValue key, TypedValue value, List<MessageHeader> headers,
                         String clientMessageId, Consumer<Outcome> onOutcome) {
        this.topic = topic;
        this.key = key;
        this.value = value;
        this.headers = List.copyOf(headers);
        this.clientMessageId = clientMessageId;
        this.onOutcome = onOutcome;
        this.sizeInBytes = computeSize();
    }

    public String topic() {
        return topic;
    }

    /** @return the key, or null */
    public TypedValue key() {
        return key;
    }

    public TypedValue value() {
        return value;
    }

    public List<MessageHeader> headers() {
        return headers;
    }

    public String clientMessageId() {
        return clientMessageId;
    }

    /** Bytes this message holds on the heap, for the sink's byte bound. */
    public long sizeInBytes() {
        return sizeInBytes;
    }

    /** @return {@link System#nanoTime()} when the front accepted the message */
    public long acceptedAtNanos() {
        return acceptedAtNanos;
    }

    /** Computed once: the queue reads it on offer and again on drain. */
    private long computeSize() {
        long size = value.sizeInBytes() + (key == null ? 0 : key.sizeInBytes());
        for (MessageHeader header : headers) {
            size += 2L * (header.key().length() + (header.value() == null ? 0 : header.value().length()));
        }
        return size;
    }

    /**
     * Asks to learn what really became of the message, even when its client was answered first (timed out while
     * the producer still had it): WRITTEN or DROPPED from Kafka's answer, NOT_WRITTEN when it never left the queue,
     * UNKNOWN_STOPPED when the task stopped before Kafka answered. Set before the message is offered.
     */
    public void onFate(Consumer<Outcome> listener) {
        this.fate = listener;
    }

    private void tellFate(Outcome outcome) {
        Consumer<Outcome> listener = fate;
        if (listener != null && fateTold.compareAndSet(false, true)) {
            listener.accept(outcome);
        }
    }

    /**
     * Called by the sink just before the message goes to the producer.
     *
     * @return false when the client was already answered (timed out or stopped while queued): do not send it
     */
    public boolean startSending() {
        return state.compareAndSet(QUEUED, SENDING);
    }

    public void written(WriteResult result) {
        Outcome outcome = Outcome.written(result);
        tellFate(outcome);
        finish(outcome);
    }

    public void dropped(String detail) {
        Outcome outcome = Outcome.of(Outcome.Kind.DROPPED, detail);
        tellFate(outcome);
        finish(outcome);
    }

    /** No acknowledgement came in time. */
    public void timedOut(String detail) {
        abandon(Outcome.Kind.UNKNOWN_TIMED_OUT, detail);
    }

    /** The sink did not take the message: it was certainly not written. */
    public void refused(String detail) {
        notWrittenIfQueued(detail);
    }

    /** The task is stopping before this message was acknowledged. */
    public void stopped(String detail) {
        abandon(Outcome.Kind.UNKNOWN_STOPPED, detail);
        tellFate(Outcome.of(Outcome.Kind.UNKNOWN_STOPPED, detail));
    }

    /**
     * Gives up on the message: the client learns it was certainly not written if it never left the queue, or that
     * the outcome is unknown if it was already handed to the producer.
     */
    private void abandon(Outcome.Kind ifSending, String detail) {
        if (!notWrittenIfQueued(detail)) {
            finish(Outcome.of(ifSending, detail));
        }
    }

    /** @return true when the message was still queued, and its client is now told it was not written */
    private boolean notWrittenIfQueued(String detail) {
        if (state.compareAndSet(QUEUED, DONE)) {
            Outcome outcome = Outcome.of(Outcome.Kind.NOT_WRITTEN, detail);
            tellFate(outcome);
            onOutcome.accept(outcome);
            return true;
        }
        return false;
    }

    public boolean isDone() {
        return state.get() == DONE;
    }

    private void finish(Outcome outcome) {
        int current = state.get();
        while (current != DONE) {
            if (state.compareAndSet(current, DONE)) {
                onOutcome.accept(outcome);
                return;
            }
            current = state.get();
        }
    }
}
