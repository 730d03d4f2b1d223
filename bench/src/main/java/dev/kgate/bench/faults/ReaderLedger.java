package dev.kgate.bench.faults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one {@code /socket/out} reader received, socket by socket, and where its group's committed offsets stood
 * when each socket opened: the position the socket must start from. A record delivered again is either below that
 * position (delivered and committed, yet re-delivered: a failure) or at or above it (delivered, but its commit had
 * not reached Kafka: at-least-once's expected cost). Thread-safe.
 */
final class ReaderLedger {

    private static final int EXAMPLES = 5;

    /** One socket: the committed position it must start from, and the first offset it delivered per partition. */
    private static final class Socket {
        final Map<Integer, Long> startsFrom;
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

    private final List<Socket> sockets = new ArrayList<>();
    /** Per partition, how many times each offset was delivered. */
    private final Map<Integer, Map<Long, Integer>> deliveries = new HashMap<>();
    private final Map<String, Integer> refusals = new TreeMap<>();
    private final List<String> committedRedeliveredExamples = new ArrayList<>();
    private final List<String> errorFrames = new ArrayList<>();
    private long delivered;
    private long committedRedelivered;
    private long uncommittedRedelivered;

    /** A socket opened while the group had committed {@code committed}; returns its number for {@link #delivered}. */
    synchronized int opened(Map<Integer, Long> committed) {
        sockets.add(new Socket(Map.copyOf(committed)));
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
        if (offset < socket.startOf(partition)) {
            committedRedelivered++;
            if (committedRedeliveredExamples.size() < EXAMPLES) {
                committedRedeliveredExamples.add(partition + ":" + offset + " (socket " + (socketNumber + 1)
                        + " started from committed " + socket.startOf(partition) + ")");
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

    /** A socket after the first one has delivered a record. */
    synchronized boolean readingAgain() {
        return sockets.size() > 1 && sockets.get(sockets.size() - 1).firstRecordAtNanos != 0;
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
        for (Socket socket : sockets.subList(Math.min(1, sockets.size()), sockets.size())) {
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
        long committedAtReconnect = sockets.size() > 1
                ? sockets.get(1).startsFrom.values().stream().mapToLong(Long::longValue).sum() : 0;
        double readingAgainAfter = sockets.size() > 1 && sockets.get(1).firstRecordAtNanos != 0
                ? (sockets.get(1).firstRecordAtNanos - faultAtNanos) / 1e9 : Double.NaN;
        long committedShort = 0;
        for (Map.Entry<Integer, Long> end : ends.entrySet()) {
            committedShort += Math.max(0, end.getValue() - committedAtEnd.getOrDefault(end.getKey(), 0L));
        }
        return new ReaderResult(reader, delivered, distinct, committedRedelivered, uncommittedRedelivered, skipped,
                committedAtReconnect, resumedAtCommit, resumedChecked, sockets.size(), Map.copyOf(refusals),
                readingAgainAfter, committedShort, List.copyOf(errorFrames), List.copyOf(committedRedeliveredExamples),
                skippedExamples, resumedElsewhere);
    }
}
