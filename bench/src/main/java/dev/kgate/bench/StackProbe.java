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
    /** A Java thread's line in {@code Thread.print}: its name, and the CPU it has used so far. */
    private static final Pattern THREAD = Pattern.compile("^\"(.*)\" #.* cpu=([0-9.]+)ms", Pattern.MULTILINE);
    private static final long TICKS_PER_SECOND = 100;

    private final long pid;
    private final Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");

    /**
     * @param threads       every thread of the process
     * @param gateway       the gateway's own: kgate-* and Undertow's XNIO-*
     * @param kafkaSockets  threads Kafka's consumers start per {@code /socket/out} socket (the group heartbeat of the
     *                      classic protocol, the background thread of the consumer protocol)
     * @param cpuCores      cores the process used while nothing was sent (over the sampling window)
     * @param cpu           of those, the cores of the gateway's threads, of Kafka's consumer threads, of the rest
     */
    record Sample(int threads, int gateway, int kafkaSockets, long heapBytes, long rssBytes, int fds,
                  double cpuCores, Threads cpu) {
        int others() {
            return threads - gateway - kafkaSockets;
        }
    }

    /** Java threads by whose they are: a count, or CPU (cores over a window). */
    record Threads(double gateway, double kafkaSockets, double others) {
        Threads minus(Threads earlier, double seconds) {
            return new Threads((gateway - earlier.gateway) / seconds, (kafkaSockets - earlier.kafkaSockets) / seconds,
                    (others - earlier.others) / seconds);
        }
    }

    StackProbe(long pid) {
        this.pid = pid;
    }

    /** Samples the CPU over {@code cpuWindowMs} first, then the rest (after a full GC). */
    Sample sample(long cpuWindowMs) throws IOException, InterruptedException {
        long ticksBefore = cpuTicks();
        long start = System.nanoTime();
        Threads cpuBefore = threadCpuSeconds();
        Thread.sleep(cpuWindowMs);
        Threads cpuAfter = threadCpuSeconds();
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuCores = (cpuTicks() - ticksBefore) / (double) TICKS_PER_SECOND / seconds;
        jcmd("GC.run");
        jcmd("GC.run");
        Matcher heap = HEAP_USED.matcher(jcmd("GC.heap_info"));
        long heapBytes = heap.find() ? Long.parseLong(heap.group(1)) * 1024 : -1;
        Threads count = threads(line -> 1);
        // Thread.print names Java threads; the kernel's count has the JVM's own (GC, compiler) too.
        int allThreads = (int) status("Threads:");
        return new Sample(allThreads, (int) count.gateway(), (int) count.kafkaSockets(), heapBytes,
                status("VmRSS:") * 1024, fds(), cpuCores, cpuAfter.minus(cpuBefore, seconds));
    }

    private Threads threadCpuSeconds() throws IOException, InterruptedException {
        return threads(thread -> Double.parseDouble(thread.group(2)) / 1000);
    }

    /** Sums {@code value} of each Java thread by whose it is. */
    private Threads threads(java.util.function.ToDoubleFunction<Matcher> value) throws IOException,
            InterruptedException {
        double gateway = 0;
        double kafkaSockets = 0;
        double others = 0;
        Matcher thread = THREAD.matcher(jcmd("Thread.print"));
        while (thread.find()) {
            String name = thread.group(1);
            double v = value.applyAsDouble(thread);
            if (name.startsWith("kgate-") || name.startsWith("XNIO-")) {
                gateway += v;
            } else if (name.startsWith("kafka-coordinator-heartbeat-thread")
                    || name.startsWith("consumer_background_thread")) {
                kafkaSockets += v;
            } else {
                others += v;
            }
        }
        return new Threads(gateway, kafkaSockets, others);
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
