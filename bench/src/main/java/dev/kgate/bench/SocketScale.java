package dev.kgate.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Thousands of sockets on one worker: opens idle {@code /socket/in} sockets in steps, then sends a trickle on all of
 * them (every answer checked, every acknowledged record looked for in the topic), closes them, then does the same with
 * {@code /socket/out} sockets, each in a group of its own, reading a trickle written meanwhile. At each step it prints
 * what the stack's JVM holds: threads (the gateway's, the ones Kafka's consumers start per socket, and the rest),
 * heap after a full GC, resident memory, file descriptors, and the CPU it uses while nothing is sent. It also opens
 * one socket past each of the worker's caps ({@code in.max.sockets}, {@code out.max.sockets}) and expects 503.
 *
 * <p>The client is one thread and one selector ({@link ManySockets}), in its own JVM.
 *
 * <p>Usage: {@code SocketScale <gateway port> <kafka bootstrap> <stack pid> <authorization header> <in steps, e.g.
 * 1000,10000> <out steps, e.g. 1000,2000> <trickle seconds>}
 */
public final class SocketScale {

    private static final String IN_TOPIC = "bench-scale-in";
    private static final String OUT_TOPIC = "bench-scale-out";
    private static final int OPENING_AT_ONCE = 256;
    /** Opening a /socket/out socket is a Kafka round trip on the gateway's side: fewer at once. */
    private static final int READERS_OPENING_AT_ONCE = 32;
    private static final long IDLE_CPU_WINDOW_MS = 10_000;
    private static final long IN_TRICKLE_PERIOD_MS = 10_000;
    private static final long OUT_TRICKLE_PERIOD_MS = 2_000;

    private final ManySockets sockets;
    private final Admin admin;
    private final StackProbe probe;
    private final String authorization;
    private final List<String> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    /** What the /socket/in sockets do with their answers; set for the trickle. */
    private volatile BiConsumer<ManySockets.Connection, String> inAnswers = (connection, frame) -> { };

    private SocketScale(int port, String bootstrap, long pid, String authorization) throws Exception {
        this.sockets = new ManySockets(port);
        this.admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
        this.probe = new StackProbe(pid);
        this.authorization = authorization;
    }

    public static void main(String[] args) throws Exception {
        SocketScale scale = new SocketScale(Integer.parseInt(args[0]), args[1], Long.parseLong(args[2]), args[3]);
        try {
            scale.run(steps(args[4]), steps(args[5]), Integer.parseInt(args[6]));
        } finally {
            scale.admin.close();
            scale.sockets.close();
        }
    }

    private static int[] steps(String list) {
        return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private void run(int[] inSteps, int[] outSteps, int trickleSeconds) throws Exception {
        admin.createTopics(List.of(new NewTopic(IN_TOPIC, 3, (short) 1), new NewTopic(OUT_TOPIC, 1, (short) 1)))
                .all().get(30, TimeUnit.SECONDS);
        StackProbe.Sample none = measure("no sockets", 0, 0);
        List<ManySockets.Connection> in = new ArrayList<>();
        for (int step : inSteps) {
            if (step == 0) {
                continue;
            }
            openIn(in, step - in.size());
            StackProbe.Sample lastIn = measure(in.size() + " idle /socket/in", in.size(), 0);
            notes.add(String.format("/socket/in, %,d idle sockets: %.1f KiB of heap and %.1f KiB of RSS per socket"
                            + " (against no sockets)", in.size(), perSocketKiB(lastIn.heapBytes() - none.heapBytes(), in.size()),
                    perSocketKiB(lastIn.rssBytes() - none.rssBytes(), in.size())));
        }
        StackProbe.Sample beforeOut = none;
        if (!in.isEmpty()) {
            expectCapRefusal("/socket/in?clientId=scale-in-over&topic=" + IN_TOPIC, "/socket/in");
            trickleIn(in, trickleSeconds);
            closeAll(in);
            beforeOut = measure("no sockets again", 0, 0);
        }
        List<ManySockets.Connection> out = new ArrayList<>();
        AtomicLongArray sentAt = new AtomicLongArray((int) (trickleSeconds * 1000L / OUT_TRICKLE_PERIOD_MS) + 1);
        ConcurrentLinkedQueue<Long> outLatenciesNanos = new ConcurrentLinkedQueue<>();
        for (int step : outSteps) {
            openOut(out, step - out.size(), sentAt, outLatenciesNanos);
            awaitGroupsJoined(out.size());
            StackProbe.Sample idle = measure(out.size() + " idle /socket/out", 0, out.size());
            notes.add(String.format("/socket/out, %,d idle sockets: %.1f KiB of heap and %.1f KiB of RSS per socket, its"
                            + " Kafka consumer (and the broker's side of it, in the same JVM here) included",
                    out.size(), perSocketKiB(idle.heapBytes() - beforeOut.heapBytes(), out.size()),
                    perSocketKiB(idle.rssBytes() - beforeOut.rssBytes(), out.size())));
        }
        expectCapRefusal("/socket/out?clientId=scale-out-over&groupId=scale-" + run + "-over&topic=" + OUT_TOPIC,
                "/socket/out");
        trickleOut(out, sentAt, outLatenciesNanos);
        closeAll(out);
        print();
    }

    private static double perSocketKiB(long bytes, int sockets) {
        return bytes / 1024.0 / sockets;
    }

    private StackProbe.Sample measure(String label, int inSockets, int outSockets) throws Exception {
        StackProbe.Sample sample = probe.sample(IDLE_CPU_WINDOW_MS);
        rows.add(String.format("| %s | %,d | %,d | %,d | %,d | %,d | %,d | %.1f MiB | %.1f MiB | %,d | %.2f (%.2f / %.2f /"
                        + " %.2f) |", label, inSockets, outSockets, sample.threads(), sample.gateway(),
                sample.kafkaSockets(), sample.others(), sample.heapBytes() / 1048576.0, sample.rssBytes() / 1048576.0,
                sample.fds(), sample.cpuCores(), sample.cpu().gateway(), sample.cpu().kafkaSockets(),
                sample.cpu().others()));
        System.out.println("== " + rows.get(rows.size() - 1));
        return sample;
    }

    /** Opens {@code count} sockets, a few hundred upgrades at a time; fails on any refusal. */
    private void openMany(List<ManySockets.Connection> into, int count, int atOnce, String what,
                          java.util.function.IntFunction<String> target, BiConsumer<ManySockets.Connection, String> onText)
            throws Exception {
        Semaphore opening = new Semaphore(atOnce);
        List<CompletableFuture<ManySockets.Answer>> answers = new ArrayList<>();
        long start = System.nanoTime();
        int first = into.size();
        for (int i = 0; i < count; i++) {
            opening.acquire();
            CompletableFuture<ManySockets.Answer> answer = sockets.open(target.apply(first + i), authorization, onText);
            answer.whenComplete((a, e) -> opening.release());
            answers.add(answer);
        }
        for (CompletableFuture<ManySockets.Answer> answer : answers) {
            ManySockets.Answer a = answer.get(120, TimeUnit.SECONDS);
            if (a.status() != 101) {
                throw new IllegalStateException(what + " refused " + a.status() + ": " + a.body());
            }
            into.add(a.connection());
        }
        System.out.printf("opened %,d %s sockets in %.1f s%n", count, what, (System.nanoTime() - start) / 1e9);
    }

    private void openIn(List<ManySockets.Connection> in, int count) throws Exception {
        openMany(in, count, OPENING_AT_ONCE, "/socket/in",
                i -> "/socket/in?clientId=scale-in-" + i + "&topic=" + IN_TOPIC,
                (connection, frame) -> inAnswers.accept(connection, frame));
    }

    private void openOut(List<ManySockets.Connection> out, int count, AtomicLongArray sentAt,
                         ConcurrentLinkedQueue<Long> latencies) throws Exception {
        openMany(out, count, READERS_OPENING_AT_ONCE, "/socket/out",
                i -> "/socket/out?clientId=scale-out-" + i + "&groupId=scale-" + run + "-" + i + "&topic=" + OUT_TOPIC,
                (connection, frame) -> {
                    int index = (int) numberAfter(frame, "\"value\":\"trickle-");
                    if (index >= 0 && index < sentAt.length() && sentAt.get(index) != 0) {
                        latencies.add(System.nanoTime() - sentAt.get(index));
                        connection.received.incrementAndGet();
                    }
                });
    }

    /** Every group's one member holds the topic's partition: the consumers have joined and are idle. */
    private void awaitGroupsJoined(int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        List<String> waiting = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            waiting.add("scale-" + run + "-" + i);
        }
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            List<String> still = new ArrayList<>();
            for (int from = 0; from < waiting.size(); from += 500) {
                List<String> batch = waiting.subList(from, Math.min(waiting.size(), from + 500));
                Map<String, ConsumerGroupDescription> groups = admin.describeConsumerGroups(batch).all()
                        .get(60, TimeUnit.SECONDS);
                for (String group : batch) {
                    ConsumerGroupDescription description = groups.get(group);
                    if (description == null || description.members().stream()
                            .mapToInt(m -> m.assignment().topicPartitions().size()).sum() != 1) {
                        still.add(group);
                    }
                }
            }
            waiting = still;
            if (!waiting.isEmpty()) {
                Thread.sleep(1_000);
            }
        }
        if (!waiting.isEmpty()) {
            throw new IllegalStateException(waiting.size() + " consumer groups did not get their partition");
        }
    }

    private void expectCapRefusal(String target, String route) throws Exception {
        ManySockets.Answer answer = sockets.open(target, authorization, (c, f) -> { }).get(60, TimeUnit.SECONDS);
        boolean retryAfter = answer.head().toLowerCase().contains("\nretry-after:");
        notes.add(String.format("one more %s socket past the worker's cap: %d%s, %s", route, answer.status(),
                retryAfter ? " with Retry-After" : " WITHOUT Retry-After", answer.body()));
        if (answer.connection() != null) {
            answer.connection().close();
        }
    }

    /**
     * Each socket sends a message every {@link #IN_TRICKLE_PERIOD_MS}, the sockets spread over the period, for
     * {@code seconds}; then every answer is awaited, and the topic's end offsets must hold every acknowledged record.
     */
    private void trickleIn(List<ManySockets.Connection> in, int seconds) throws Exception {
        LongAdder acknowledged = new LongAdder();
        LongAdder refused = new LongAdder();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        inAnswers = (connection, frame) -> {
            if (frame.contains("\"offset\"")) {
                acknowledged.increment();
                long sent = numberAfter(frame, "\"messageId\":\"");
                latencies.add(System.nanoTime() - sent);
            } else {
                refused.increment();
            }
        };
        long endOffsetsBefore = endOffsets(IN_TOPIC);
        long start = System.nanoTime();
        long sent = 0;
        long perSocketPeriodNanos = TimeUnit.MILLISECONDS.toNanos(IN_TRICKLE_PERIOD_MS);
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        StackProbe.Sample during = null;
        while (System.nanoTime() < end) {
            long due = (System.nanoTime() - start) * in.size() / perSocketPeriodNanos;
            for (; sent < due; sent++) {
                long now = System.nanoTime();
                in.get((int) (sent % in.size())).sendText("{\"value\":{\"value\":\"trickle\"},\"messageId\":\"" + now
                        + "\"}");
            }
            Thread.sleep(5);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        final long expected = sent;
        while (acknowledged.sum() + refused.sum() < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        long landed = endOffsets(IN_TOPIC) - endOffsetsBefore;
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        notes.add(String.format("/socket/in trickle on %,d sockets (one message per socket every %d s, %d s): %,d"
                        + " sent, %,d acknowledged, %,d refused or unanswered, %,d landed in %s (%s); send to"
                        + " acknowledgement p50 %.1f ms, p99 %.1f ms", in.size(), IN_TRICKLE_PERIOD_MS / 1000,
                seconds, expected, acknowledged.sum(), expected - acknowledged.sum(), landed, IN_TOPIC,
                landed == acknowledged.sum() ? "every acknowledged record, none more" : "MISMATCH",
                percentileMs(sorted, 0.5), percentileMs(sorted, 0.99)));
        System.out.println(notes.get(notes.size() - 1));
    }

    /**
     * A producer socket writes one record every {@link #OUT_TRICKLE_PERIOD_MS}; every reading socket must get every
     * one, and every group commits what its socket was sent.
     */
    private void trickleOut(List<ManySockets.Connection> out, AtomicLongArray sentAt,
                            ConcurrentLinkedQueue<Long> latencies) throws Exception {
        ManySockets.Connection writer = sockets.open("/socket/in?clientId=scale-trickle&topic=" + OUT_TOPIC,
                authorization, (c, f) -> { }).get(30, TimeUnit.SECONDS).connection();
        for (int i = 0; i < sentAt.length(); i++) {
            sentAt.set(i, System.nanoTime());
            writer.sendText("{\"value\":{\"value\":\"trickle-" + i + "\"}}");
            Thread.sleep(OUT_TRICKLE_PERIOD_MS);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Predicate<ManySockets.Connection> complete = c -> c.received.get() >= sentAt.length();
        while (!out.stream().allMatch(complete) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        long delivered = out.stream().mapToLong(c -> c.received.get()).sum();
        // Commits are made every second for what reached the network.
        Thread.sleep(3_000);
        long committedAll = committedGroups(out.size(), sentAt.length());
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        notes.add(String.format("/socket/out trickle to %,d sockets (one record every %d s, %d records): %,d of %,d"
                        + " frames delivered; %,d of %,d groups committed every record; write to delivery p50 %.1f ms,"
                        + " p99 %.1f ms, max %.1f ms", out.size(), OUT_TRICKLE_PERIOD_MS / 1000, sentAt.length(),
                delivered, (long) out.size() * sentAt.length(), committedAll, out.size(), percentileMs(sorted, 0.5),
                percentileMs(sorted, 0.99), percentileMs(sorted, 1.0)));
        System.out.println(notes.get(notes.size() - 1));
        writer.close();
    }

    private long committedGroups(int count, long records) throws Exception {
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        for (int i = 0; i < count; i++) {
            specs.put("scale-" + run + "-" + i, new ListConsumerGroupOffsetsSpec());
        }
        long complete = 0;
        var all = admin.listConsumerGroupOffsets(specs);
        for (String group : specs.keySet()) {
            OffsetAndMetadata offset = all.partitionsToOffsetAndMetadata(group).get(60, TimeUnit.SECONDS)
                    .get(new TopicPartition(OUT_TOPIC, 0));
            if (offset != null && offset.offset() == records) {
                complete++;
            }
        }
        return complete;
    }

    private long endOffsets(String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                .partitions().size();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                .mapToLong(info -> info.offset()).sum();
    }

    private void closeAll(List<ManySockets.Connection> open) throws InterruptedException {
        open.forEach(ManySockets.Connection::close);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (sockets.openNow() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        open.clear();
        // The server's side closes its consumers off the listener's threads: give it a moment before measuring.
        Thread.sleep(5_000);
    }

    private static long numberAfter(String text, String prefix) {
        int at = text.indexOf(prefix);
        if (at < 0) {
            return -1;
        }
        int from = at + prefix.length();
        int to = from;
        while (to < text.length() && Character.isDigit(text.charAt(to))) {
            to++;
        }
        return to == from ? -1 : Long.parseLong(text.substring(from, to));
    }

    private static double percentileMs(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1e6;
    }

    private void print() {
        System.out.println();
        System.out.println("| step | /socket/in | /socket/out | threads | gateway's (kgate-*, XNIO) | Kafka consumers'"
                + " (per socket) | others (broker, worker, JVM) | heap after GC | RSS | file descriptors | cores used"
                + " while idle (gateway's / Kafka consumers' / others) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println();
        notes.forEach(note -> System.out.println("- " + note));
    }
}
