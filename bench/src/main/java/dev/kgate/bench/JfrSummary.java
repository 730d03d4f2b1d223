package dev.kgate.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Summarizes a JFR recording of the local stack's JVM (broker, Connect worker and gateway together): where the CPU
 * samples fall by thread group, by top frame, and by the first gateway frame ({@code dev.kgate}) on the stack; and
 * the allocation rate, and the allocation samples by site and by class. JDK 17's {@code jfr} tool has no {@code view}; this is the part
 * of it bench/run needs. Usage: {@code JfrSummary <recording.jfr> [rows, default 15] [from, to: epoch ms]}: with a
 * window, only the events that started in it (a dump cut from a longer recording holds whole chunks around it).
 */
public final class JfrSummary {

    private JfrSummary() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        java.time.Instant from = args.length > 3 ? java.time.Instant.ofEpochMilli(Long.parseLong(args[2])) : null;
        java.time.Instant to = args.length > 3 ? java.time.Instant.ofEpochMilli(Long.parseLong(args[3])) : null;
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> topFrames = new HashMap<>();
        Map<String, Long> gatewayFrames = new HashMap<>();
        Map<String, Long> allocationSites = new HashMap<>();
        Map<String, Long> allocationClasses = new HashMap<>();
        long samples = 0;
        long allocated = 0;
        // Per thread, the first and last cumulative allocation JFR saw: the true allocation in the recording.
        Map<Long, long[]> threadBytes = new HashMap<>();
        // The rate is the statistics' growth over the time between the first and the last of them (JFR takes them
        // once per chunk under settings=profile, so a short window may hold fewer than two).
        java.time.Instant statisticsFrom = null;
        java.time.Instant statisticsTo = null;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (from != null && (event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to))) {
                continue;
            }
            String type = event.getEventType().getName();
            if (type.equals("jdk.ThreadAllocationStatistics")) {
                statisticsFrom = statisticsFrom == null || event.getStartTime().isBefore(statisticsFrom)
                        ? event.getStartTime() : statisticsFrom;
                statisticsTo = statisticsTo == null || event.getStartTime().isAfter(statisticsTo)
                        ? event.getStartTime() : statisticsTo;
                long bytes = event.getLong("allocated");
                threadBytes.merge(event.getThread("thread") == null ? -1 : event.getThread("thread").getJavaThreadId(),
                        new long[] {bytes, bytes}, (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            } else if (type.equals("jdk.ExecutionSample")) {
                samples++;
                RecordedThread thread = event.getThread("sampledThread");
                add(threads, threadGroup(thread == null ? "?" : thread.getJavaName()), 1);
                RecordedStackTrace stack = event.getStackTrace();
                if (stack != null && !stack.getFrames().isEmpty()) {
                    add(topFrames, method(stack.getFrames().get(0)), 1);
                    add(gatewayFrames, firstGatewayFrame(stack.getFrames()), 1);
                }
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                // Counted, not weighted: a thread's first sample weighs all it allocated since it started. JFR takes
                // the samples at TLAB refills, so their count follows the bytes closely enough.
                long weight = 1;
                allocated += weight;
                RecordedStackTrace stack = event.getStackTrace();
                String site = stack == null || stack.getFrames().isEmpty() ? "?" : firstNonJdkFrame(stack.getFrames());
                add(allocationSites, site, weight);
                add(allocationClasses, event.getClass("objectClass").getName(), weight);
            }
        }
        long cpu = samples;
        System.out.printf("CPU samples: %d%n", samples);
        print("CPU by thread", threads, rows, v -> percent(v, cpu));
        print("CPU by top frame (self time)", topFrames, rows, v -> percent(v, cpu));
        print("CPU by first gateway frame on the stack (dev.kgate; none: broker, Connect, JDK)", gatewayFrames, rows,
                v -> percent(v, cpu));
        long bytes = allocated;
        long total = threadBytes.values().stream().mapToLong(b -> b[1] - b[0]).sum();
        double seconds = statisticsFrom == null ? 0
                : java.time.Duration.between(statisticsFrom, statisticsTo).toMillis() / 1000.0;
        if (seconds > 0) {
            System.out.printf("%nAllocation: %.0f MB/s over %.0f s (JFR's per-thread statistics); where, from its"
                    + " samples:%n", total / 1e6 / seconds, seconds);
        } else {
            System.out.printf("%nAllocation: no rate (fewer than two of JFR's per-thread statistics in the recording"
                    + " or window); where, from its samples:%n");
        }
        print("Allocation by site (the first frame outside the JDK)", allocationSites, rows,
                v -> percent(v, bytes));
        print("Allocation by class", allocationClasses, rows, v -> percent(v, bytes));
    }

    private static String percent(long value, long total) {
        return String.format("%5.1f %%", total == 0 ? 0 : 100.0 * value / total);
    }

    private static void print(String title, Map<String, Long> counts, int rows, Function<Long, String> format) {
        System.out.printf("%n%s%n", title);
        List<Map.Entry<String, Long>> sorted = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(rows).toList();
        for (Map.Entry<String, Long> entry : sorted) {
            System.out.printf("  %s  %s%n", format.apply(entry.getValue()), entry.getKey());
        }
    }

    private static void add(Map<String, Long> counts, String key, long value) {
        counts.merge(key, value, Long::sum);
    }

    private static String method(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String firstGatewayFrame(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            if (frame.getMethod().getType().getName().startsWith("dev.kgate.")) {
                return method(frame);
            }
        }
        return "(none)";
    }

    private static String firstNonJdkFrame(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                return method(frame);
            }
        }
        return method(frames.get(0));
    }

    /** Thread names without their numbers: "XNIO-1 I/O-2" -> "XNIO-n I/O-n". */
    private static String threadGroup(String name) {
        return name.replaceAll("\\d+", "n");
    }
}
