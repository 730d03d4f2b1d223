package dev.kgate.bench.faults;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** One row of the suite's table: the ledger of what clients were told against what the topic holds. */
record ScenarioResult(String scenario, long sent, long acknowledged, long landed, long ackedButMissing,
                      long duplicates, long duplicatesAfterUnknown, int unknownOutcomes, long abandoned,
                      String errors, double faultSeconds, double resumedAfterSeconds, double longestGapSeconds,
                      List<String> missingExamples) {

    static ScenarioResult of(String scenario, MessageLedger ledger, TopicAudit audit, long faultStart,
                             long faultEnd, long loadEnd, List<List<Long>> ackTimes) {
        long missing = 0;
        List<String> examples = new java.util.ArrayList<>();
        for (Map.Entry<String, MessageLedger.Ack> ack : ledger.acks().entrySet()) {
            if (!audit.holds(ack.getKey(), ack.getValue().partition(), ack.getValue().offset())) {
                missing++;
                if (examples.size() < 5) {
                    examples.add(ack.getKey() + " acknowledged at " + ack.getValue().partition() + ":"
                            + ack.getValue().offset() + ", found at " + audit.positions().get(ack.getKey()));
                }
            }
        }
        long duplicates = 0;
        long explained = 0;
        for (Map.Entry<String, List<String>> landed : audit.positions().entrySet()) {
            int extra = landed.getValue().size() - 1;
            duplicates += extra;
            if (extra > 0 && ledger.hadUnknownOutcome(landed.getKey())) {
                explained += extra;
            }
        }
        String errors = new TreeMap<>(ledger.errorsByKind()).entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue().sum()).collect(Collectors.joining("; "));
        return new ScenarioResult(scenario, ledger.sent(), ledger.acks().size(), audit.records(), missing,
                duplicates, explained, ledger.unknownOutcomes(), ledger.abandonedCount(),
                errors.isEmpty() ? "none" : errors, seconds(faultEnd - faultStart),
                resumedAfter(ackTimes, faultEnd, loadEnd), longestGap(ackTimes, faultStart, loadEnd), examples);
    }

    /** Seconds from the end of the fault until every client has been acknowledged again (the slowest client). */
    private static double resumedAfter(List<List<Long>> ackTimes, long faultEnd, long loadEnd) {
        long worst = 0;
        for (List<Long> times : ackTimes) {
            synchronized (times) {
                long first = times.stream().filter(t -> t >= faultEnd).findFirst().orElse(loadEnd);
                worst = Math.max(worst, first - faultEnd);
            }
        }
        return seconds(worst);
    }

    /** The longest a client waited between two acknowledgements from the fault's start to the end of the load. */
    private static double longestGap(List<List<Long>> ackTimes, long faultStart, long loadEnd) {
        long worst = 0;
        for (List<Long> times : ackTimes) {
            synchronized (times) {
                long previous = faultStart;
                for (long t : times) {
                    if (t > faultStart) {
                        worst = Math.max(worst, t - previous);
                        previous = t;
                    }
                }
                worst = Math.max(worst, loadEnd - previous);
            }
        }
        return seconds(worst);
    }

    private static double seconds(long nanos) {
        return nanos / (double) TimeUnit.SECONDS.toNanos(1);
    }

    static String header() {
        return "| scenario | sent | acknowledged | landed | acknowledged but missing | duplicates (after outcome unknown)"
                + " | answers outcome unknown | abandoned | clients' errors by kind | fault took | acks resumed after"
                + " | longest wait for an ack |\n|---|---|---|---|---|---|---|---|---|---|---|---|";
    }

    String row() {
        return String.format("| %s | %d | %d | %d | %d | %d (%d) | %d | %d | %s | %.1f s | %.1f s | %.1f s |",
                scenario, sent, acknowledged, landed, ackedButMissing, duplicates, duplicatesAfterUnknown,
                unknownOutcomes, abandoned, errors, faultSeconds, resumedAfterSeconds, longestGapSeconds);
    }
}
