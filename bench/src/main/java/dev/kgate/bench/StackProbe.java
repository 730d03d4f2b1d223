package dev.kgate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the stack's JVM holds, seen from outside it: its threads by whose they are (the JVM's own {@code jcmd}), its
 * heap after a full GC, its resident memory, file descriptors and CPU ({@code /proc}). Linux and a JDK with jcmd.
 */
final class StackProbe {

    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
    private static final Pattern THREAD_NAME = Pattern.compile("^\"(.*)\" #", Pattern.MULTILINE);
    private static final long TICKS_PER_SECOND = 100;

    private final long pid;
    private final Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");

    /**
     * @param threads       every thread of the process
     * @param gateway       the gateway's own: kgate-* and Undertow's XNIO-*
     * @param kafkaSockets  threads Kafka's consumers start per {@code /socket/out} socket (the group heartbeat of the
     *                      classic protocol, the background thread of the consumer protocol)
     * @param cpuCores      cores the process used while nothing was sent (over the sampling window)
     */
    record Sample(int threads, int gateway, int kafkaSockets, long heapBytes, long rssBytes, int fds,
                  double cpuCores) {
        int others() {
            return threads - gateway - kafkaSockets;
        }
    }

    StackProbe(long pid) {
        this.pid = pid;
    }

    /** Samples the CPU over {@code cpuWindowMs} first, then the rest (after a full GC). */
    Sample sample(long cpuWindowMs) throws IOException, InterruptedException {
        long ticksBefore = cpuTicks();
        long start = System.nanoTime();
        Thread.sleep(cpuWindowMs);
        double cpuCores = (cpuTicks() - ticksBefore) / (double) TICKS_PER_SECOND
                / ((System.nanoTime() - start) / 1e9);
        jcmd("GC.run");
        jcmd("GC.run");
        Matcher heap = HEAP_USED.matcher(jcmd("GC.heap_info"));
        long heapBytes = heap.find() ? Long.parseLong(heap.group(1)) * 1024 : -1;
        int threads = 0;
        int gateway = 0;
        int kafkaSockets = 0;
        Matcher names = THREAD_NAME.matcher(jcmd("Thread.print"));
        while (names.find()) {
            String name = names.group(1);
            threads++;
            if (name.startsWith("kgate-") || name.startsWith("XNIO-")) {
                gateway++;
            } else if (name.startsWith("kafka-coordinator-heartbeat-thread")
                    || name.startsWith("consumer_background_thread")) {
                kafkaSockets++;
            }
        }
        // Thread.print names Java threads; the kernel's count has the JVM's own (GC, compiler) too.
        int allThreads = (int) status("Threads:");
        return new Sample(Math.max(threads, allThreads), gateway, kafkaSockets, heapBytes,
                status("VmRSS:") * 1024, fds(), cpuCores);
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command)
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("jcmd " + command + " failed: " + out);
        }
        return out;
    }

    private long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    private int fds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            return (int) fds.count();
        }
    }

    /** User and system time of the process, in clock ticks. */
    private long cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        // The command name (in parentheses) may hold spaces: count fields after its closing parenthesis.
        List<String> fields = List.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
        return Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12));
    }
}
