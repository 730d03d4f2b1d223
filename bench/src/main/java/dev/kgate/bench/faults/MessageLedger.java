package dev.kgate.bench.faults;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the load clients were told, per message id: the acknowledgement's coordinates, and the answers before it. */
final class MessageLedger {

    /** Kafka's coordinates of an acknowledged message, and when the client got the answer. */
    record Ack(int partition, long offset, long atNanos) {
    }

    private final Map<String, Ack> acks = new ConcurrentHashMap<>();
    /** Ids that got at least one "outcome unknown" answer (504, 503 "Outcome unknown", or a connection lost mid-request). */
    private final Map<String, Boolean> outcomeUnknown = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errorsByKind = new ConcurrentHashMap<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder abandoned = new LongAdder();
    private final ClientLog log;

    MessageLedger(ClientLog log) {
        this.log = log;
    }

    void messageStarted() {
        sent.increment();
    }

    void acknowledged(String id, int partition, long offset) {
        Ack previous = acks.putIfAbsent(id, new Ack(partition, offset, System.nanoTime()));
        if (previous != null) {
            error("second acknowledgement for one id");
        }
    }

    void error(String kind) {
        count(kind);
        log.log(kind);
    }

    void unknownOutcome(String id, String kind) {
        outcomeUnknown.put(id, Boolean.TRUE);
        count(kind);
        log.log(id + ": " + kind);
    }

    private void count(String kind) {
        errorsByKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    void abandoned() {
        abandoned.increment();
        log.log("a message abandoned after its deadline");
    }

    Map<String, Ack> acks() {
        return acks;
    }

    boolean hadUnknownOutcome(String id) {
        return outcomeUnknown.containsKey(id);
    }

    int unknownOutcomes() {
        return outcomeUnknown.size();
    }

    long sent() {
        return sent.sum();
    }

    long abandonedCount() {
        return abandoned.sum();
    }

    Map<String, LongAdder> errorsByKind() {
        return errorsByKind;
    }
}
