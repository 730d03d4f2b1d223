package dev.kgate.bench.faults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the sockets of one {@code /socket/out} consumer group received, socket by socket, and where the group's
 * committed offsets stood when each socket opened. A record delivered again is either below an offset the group had
 * committed before (delivered and committed, yet re-delivered: a failure) or not (delivered, but its commit had not
 * reached Kafka: at-least-once's expected cost). A socket that is its group's only one must start exactly at the
 * committed offsets. Thread-safe.
 */
final class ReaderLedger {

    private static final int EXAMPLES = 5;

    /** One socket: the group's committed offsets when it opened, and the first offset it delivered per partition. */
    private static final class Socket {
        final Map<Integer, Long> startsFrom;
        final long openedAtNanos = System.nanoTime();
        final Map<Integer, Long> firstOffsets = new HashMap<>();
        long firstRecordAtNanos;

        Socket(Map<Integer, Long> startsFrom) {
            this.startsFrom = startsFrom;
        }

        long startOf(int partition) {
            // A group that never committed reads from the earliest offset (offsetResetStrategy=earliest): 0 here.
            return startsFrom.getOrDefault(partition, 0L);
        }
    }

    /** Whether the group is read by one socket at a time, which then starts where the group committed. */
    private final boolean soleSocket;
    private final List<Socket> sockets = new ArrayList<>();
    /** Per partition, the highest offset the group was seen to have committed: nothing below it may come again. */
    private final Map<Integer, Long> committedSeen = new HashMap<>();
    /** Per partition, how many times each offset was delivered. */
    private final Map<Integer, Map<Long, Integer>> deliveries = new HashMap<>();
    private final Map<String, Integer> refusals = new TreeMap<>();
    private final List<String> committedRedeliveredExamples = new ArrayList<>();
    private final List<String> errorFrames = new ArrayList<>();
    private long delivered;
    private long committedRedelivered;
    private long uncommittedRedelivered;

    ReaderLedger(boolean soleSocket) {
        this.soleSocket = soleSocket;
    }

    /** A socket opened while the group had committed {@code committed}; returns its number for {@link #delivered}. */
    synchronized int opened(Map<Integer, Long> committed) {
        sockets.add(new Socket(Map.copyOf(committed)));
        committed.forEach((partition, offset) -> committedSeen.merge(partition, offset, Math::max));
        return sockets.size() - 1;
    }

    synchronized void delivered(int socketNumber, int partition, long offset) {
        Socket socket = sockets.get(socketNumber);
        if (socket.firstRecordAtNanos == 0) {
            socket.firstRecordAtNanos = System.nanoTime();
        }
        socket.firstOffsets.putIfAbsent(partition, offset);
        delivered++;
        int before = deliveries.computeIfAbsent(partition, p -> new HashMap<>()).merge(offset, 1, Integer::sum) - 1;
        if (before == 0) {
            return;
        }
        long committed = committedSeen.getOrDefault(partition, 0L);
        if (offset < committed) {
            committedRedelivered++;
            if (committedRedeliveredExamples.size() < EXAMPLES) {
                committedRedeliveredExamples.add(partition + ":" + offset + " by socket " + (socketNumber + 1)
                        + ", committed " + committed);
            }
        } else {
            uncommittedRedelivered++;
        }
    }

    synchronized void refused(String kind) {
        refusals.merge(kind, 1, Integer::sum);
    }

    synchronized void errorFrame(String frame) {
        errorFrames.add(frame);
    }

    synchronized int socketsOpened() {
        return sockets.size();
    }

    /** A socket opened after {@code nanos} (a reconnection after the fault) has delivered a record. */
    synchronized boolean readingAgainSince(long nanos) {
        return firstReading(nanos) != null;
    }

    /**
     * The socket opened after {@code nanos} that got a record first, or null. Not simply the first socket opened
     * after it: a rebalance on the surviving worker can close that one (1012) before the group gives it partitions
     * (found in CI).
     */
    private Socket firstReading(long nanos) {
        return sockets.stream().filter(s -> s.openedAtNanos > nanos && s.firstRecordAtNanos != 0)
                .min(java.util.Comparator.comparingLong(s -> s.firstRecordAtNanos)).orElse(null);
    }

    /** Every partition delivered up to {@code ends} (one past the last offset). */
    synchronized boolean caughtUp(Map<Integer, Long> ends) {
        for (Map.Entry<Integer, Long> end : ends.entrySet()) {
            Map<Long, Integer> offsets = deliveries.getOrDefault(end.getKey(), Map.of());
            if (end.getValue() > 0 && !offsets.containsKey(end.getValue() - 1)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The checks, once reading is over: {@code ends} is where each partition ended, {@code committedAtEnd} what the
     * group committed once the last socket closed, {@code faultAtNanos} when the reader's worker was killed.
     */
    synchronized ReaderResult result(String reader, Map<Integer, Long> ends, Map<Integer, Long> committedAtEnd,
                                     long faultAtNanos) {
        long skipped = 0;
        List<String> skippedExamples = new ArrayList<>();
        long distinct = 0;
        for (Map.Entry<Integer, Long> end : ends.entrySet()) {
            Map<Long, Integer> offsets = deliveries.getOrDefault(end.getKey(), Map.of());
            for (long offset = 0; offset < end.getValue(); offset++) {
                if (!offsets.containsKey(offset)) {
                    skipped++;
                    if (skippedExamples.size() < EXAMPLES) {
                        skippedExamples.add(end.getKey() + ":" + offset);
                    }
                }
            }
            distinct += offsets.size();
        }
        int resumedChecked = 0;
        int resumedAtCommit = 0;
        List<String> resumedElsewhere = new ArrayList<>();
        // With other sockets in the group, a socket gets partitions whose commits moved after it opened.
        List<Socket> resumed = soleSocket ? sockets.subList(Math.min(1, sockets.size()), sockets.size()) : List.of();
        for (Socket socket : resumed) {
            for (Map.Entry<Integer, Long> first : socket.firstOffsets.entrySet()) {
                resumedChecked++;
                if (first.getValue() == socket.startOf(first.getKey())) {
                    resumedAtCommit++;
                } else if (resumedElsewhere.size() < EXAMPLES) {
                    resumedElsewhere.add("partition " + first.getKey() + " resumed at " + first.getValue()
                            + ", committed " + socket.startOf(first.getKey()));
                }
            }
        }
        Socket reconnected = firstReading(faultAtNanos);
        long committedAtReconnect = reconnected == null ? 0
                : reconnected.startsFrom.values().stream().mapToLong(Long::longValue).sum();
        double readingAgainAfter = reconnected != null && reconnected.firstRecordAtNanos != 0
                ? (reconnected.firstRecordAtNanos - faultAtNanos) / 1e9 : Double.NaN;
        long committedShort = 0;
        List<String> shortPartitions = new ArrayList<>();
        for (Map.Entry<Integer, Long> end : ends.entrySet()) {
            long committed = committedAtEnd.getOrDefault(end.getKey(), 0L);
            if (committed < end.getValue()) {
                committedShort += end.getValue() - committed;
                shortPartitions.add("partition " + end.getKey() + " committed " + committed + " of " + end.getValue());
            }
        }
        return new ReaderResult(reader, delivered, distinct, committedRedelivered, uncommittedRedelivered, skipped,
                committedAtReconnect, soleSocket, resumedAtCommit, resumedChecked, sockets.size(), Map.copyOf(refusals),
                readingAgainAfter, committedShort, shortPartitions, List.copyOf(errorFrames),
                List.copyOf(committedRedeliveredExamples), skippedExamples, resumedElsewhere);
    }
}
