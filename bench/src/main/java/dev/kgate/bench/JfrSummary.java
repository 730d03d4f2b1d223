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
 * the allocation samples by top frame and by class. JDK 17's {@code jfr} tool has no {@code view}; this is the part
 * of it bench/run needs. Usage: {@code JfrSummary <recording.jfr> [rows, default 15]}
 */
public final class JfrSummary {

    private JfrSummary() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> topFrames = new HashMap<>();
        Map<String, Long> gatewayFrames = new HashMap<>();
        Map<String, Long> allocationSites = new HashMap<>();
        Map<String, Long> allocationClasses = new HashMap<>();
        long samples = 0;
        long allocated = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            String type = event.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                samples++;
                RecordedThread thread = event.getThread("sampledThread");
                add(threads, threadGroup(thread == null ? "?" : thread.getJavaName()), 1);
                RecordedStackTrace stack = event.getStackTrace();
                if (stack != null && !stack.getFrames().isEmpty()) {
                    add(topFrames, method(stack.getFrames().get(0)), 1);
                    add(gatewayFrames, firstGatewayFrame(stack.getFrames()), 1);
                }
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                long weight = event.getLong("weight");
                allocated += weight;
                RecordedStackTrace stack = event.getStackTrace();
                String site = stack == null || stack.getFrames().isEmpty() ? "?"
                        : firstGatewayFrame(stack.getFrames()) + " <- " + method(stack.getFrames().get(0));
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
        System.out.printf("%nAllocation (sampled, weighted): %.0f MB%n", allocated / 1e6);
        print("Allocation by site (first gateway frame <- top frame)", allocationSites, rows,
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

    /** Thread names without their numbers: "XNIO-1 I/O-2" -> "XNIO-n I/O-n". */
    private static String threadGroup(String name) {
        return name.replaceAll("\\d+", "n");
    }
}
