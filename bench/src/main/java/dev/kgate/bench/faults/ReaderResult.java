package dev.kgate.bench.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** One row of the readers' table, and the checks it fails. */
record ReaderResult(String reader, long delivered, long distinct, long committedRedelivered,
                    long uncommittedRedelivered, long skipped, long committedAtReconnect, boolean soleSocket,
                    int resumedAtCommit, int resumedChecked, int sockets, Map<String, Integer> refusals,
                    double readingAgainAfterSeconds, long uncommittedAtEnd, List<String> uncommittedPartitions,
                    List<String> errorFrames, List<String> committedRedeliveredExamples, List<String> skippedExamples,
                    List<String> resumedElsewhere) {

    static String header() {
        return "| reader | records in the topic | delivered | re-delivered though committed | re-delivered, not yet"
                + " committed | skipped | committed when the worker died | resumed at the committed offset | sockets"
                + " | reconnects refused | records again after the kill | left uncommitted after the last close"
                + " | error frames |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|";
    }

    String row() {
        String refused = refusals.isEmpty() ? "none" : new TreeMap<>(refusals).entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; "));
        String resumed = soleSocket ? resumedAtCommit + " of " + resumedChecked + " partitions"
                : "n/a (shared group)";
        return String.format("| %s | %d | %d | %d | %d | %d | %d | %s | %d | %s | %.1f s | %d | %d |",
                reader, distinct + skipped, delivered, committedRedelivered, uncommittedRedelivered, skipped,
                committedAtReconnect, resumed, sockets, refused, readingAgainAfterSeconds, uncommittedAtEnd,
                errorFrames.size());
    }

    /** What failed, in words; empty when the failover kept its promises. */
    List<String> failures() {
        List<String> failures = new ArrayList<>();
        if (Double.isNaN(readingAgainAfterSeconds)) {
            failures.add(reader + ": never read again after the kill");
        }
        if (committedAtReconnect == 0) {
            failures.add(reader + ": nothing was committed before the kill, so the failover proved nothing");
        }
        if (committedRedelivered > 0) {
            failures.add(reader + ": " + committedRedelivered + " committed records delivered again, e.g. "
                    + committedRedeliveredExamples);
        }
        if (skipped > 0) {
            failures.add(reader + ": " + skipped + " offsets never delivered, e.g. " + skippedExamples);
        }
        if (resumedAtCommit != resumedChecked) {
            failures.add(reader + ": not resumed at the committed offset: " + resumedElsewhere);
        }
        if (uncommittedAtEnd > 0) {
            failures.add(reader + ": " + uncommittedAtEnd + " delivered records left uncommitted after the last"
                    + " socket closed: " + uncommittedPartitions);
        }
        if (!errorFrames.isEmpty()) {
            failures.add(reader + ": error frames " + errorFrames.subList(0, Math.min(3, errorFrames.size())));
        }
        return failures;
    }
}
