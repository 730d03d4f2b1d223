package dev.kgate.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load generator for latency under load, wrk2-style: message {@code i} is due at
 * {@code start + i / rate}, whatever happened to the ones before it, and its latency is counted from that intended
 * time to its answer. A server that stalls therefore shows the stall in the latency of every message that should
 * have gone out meanwhile, instead of the client quietly sending less (coordinated omission). The schedule is fixed:
 * {@code rate x (2 + seconds)} messages, every one sent and answered (or counted as an error); those of the first
 * 2 s are not timed (the client's own code warms up meanwhile).
 *
 * <p>Two threads and non-blocking sockets, so the client stays cheap on a small machine: the sender sleeps until the
 * next message is due and writes it (HTTP: on a connection that is not waiting for an answer, as wrk does, no
 * pipelining; {@code /socket/in}: round-robin over the sockets, any number in flight); the receiver waits in a
 * selector and times each answer as it arrives. The sender's sleeps are {@code parkNanos}, a few tens of
 * microseconds late at worst; lateness counts against the server, never for it.
 *
 * <p>Usage: {@code OpenLoop http <http://host:port/path> <rate> <seconds> <connections> <body folder> <authorization>}
 * or {@code OpenLoop socket <ws://host:port/socket/in?query> <rate> <seconds> <sockets> <records file>
 * <authorization>}. Prints one RESULT line.
 */
public final class OpenLoop {

    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Sent at the rate, answered and counted, but not timed: the client's own JIT warms up meanwhile. */
    private static final long WARMUP_SECONDS = 2;

    private final boolean http;
    private final List<Connection> connections = new ArrayList<>();
    private final ArrayBlockingQueue<Connection> idle;
    private final Selector selector;
    private final byte[][] messages;
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean sending = true;
    private volatile long lastAnswerNanos;
    /** Messages intended from then on are timed. */
    private volatile long timedFrom = Long.MAX_VALUE;
    // The receiver's alone until it ends.
    private long[] latencies = new long[1 << 16];
    private int timed;
    private long answered;
    private long ok;
    private long other;

    private OpenLoop(boolean http, URI url, int count, byte[][] messages, String authorization) throws IOException {
        this.http = http;
        this.messages = messages;
        this.selector = Selector.open();
        this.idle = new ArrayBlockingQueue<>(count);
        for (int i = 0; i < count; i++) {
            Connection connection = new Connection(url, authorization);
            connections.add(connection);
            idle.add(connection);
        }
    }

    public static void main(String[] args) throws Exception {
        boolean http = args[0].equals("http");
        URI url = URI.create(args[1]);
        double rate = Double.parseDouble(args[2]);
        long seconds = Long.parseLong(args[3]);
        int count = Integer.parseInt(args[4]);
        String authorization = args.length > 6 ? args[6] : null;
        byte[][] messages = http ? requests(url, Path.of(args[5]), authorization)
                : Payloads.readRecords(Path.of(args[5])).stream().map(WebSockets::socketInFrame).toArray(byte[][]::new);
        new OpenLoop(http, url, count, messages, authorization).run(rate, seconds);
    }

    /** Every body of the folder as a whole request, built once. */
    private static byte[][] requests(URI url, Path folder, String authorization) throws IOException {
        List<byte[]> requests = new ArrayList<>();
        for (int i = 0; Files.exists(folder.resolve(String.valueOf(i))); i++) {
            byte[] body = Files.readAllBytes(folder.resolve(String.valueOf(i)));
            byte[] head = ("POST " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] request = Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, request, head.length, body.length);
            requests.add(request);
        }
        return requests.toArray(byte[][]::new);
    }

    private void run(double rate, long seconds) throws Exception {
        long total = (long) (rate * (WARMUP_SECONDS + seconds));
        double period = 1e9 / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        timedFrom = start + TimeUnit.SECONDS.toNanos(WARMUP_SECONDS);
        Thread receiver = new Thread(this::receive, "receiver");
        receiver.start();
        for (long i = 0; i < total; i++) {
            long intended = start + (long) (i * period);
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!send(i, intended)) {
                break;
            }
        }
        sending = false;
        receiver.join();
        long[] sorted = Arrays.copyOf(latencies, timed);
        Arrays.sort(sorted);
        double elapsed = (lastAnswerNanos - timedFrom) / 1e9;
        System.out.printf("RESULT sent=%d ok=%d other=%d unanswered=%d seconds=%.2f offered=%.0f achieved=%.0f"
                        + " p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f%n",
                sent.get(), ok, other, sent.get() - answered, elapsed, rate, elapsed > 0 ? timed / elapsed : 0,
                percentile(sorted, 0.50), percentile(sorted, 0.99), percentile(sorted, 0.999),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
        for (Connection connection : connections) {
            connection.channel.close();
        }
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)]
                / 1e6;
    }

    /** @return false when no connection is left to send on */
    private boolean send(long i, long intended) throws IOException, InterruptedException {
        Connection connection;
        if (http) {
            // A connection waiting for its answer takes no other request: wait for one to come free, blocked, not
            // spinning: a spinning sender took CPU from the server on a small machine just when it fell behind, and
            // a short stall at 50 % of the maximum then never drained (p50 of 0.5 s in a 3 s run).
            while ((connection = idle.poll(10, TimeUnit.MILLISECONDS)) == null) {
                if (connections.stream().noneMatch(c -> c.open)) {
                    return false;
                }
            }
            connection.intended.add(intended);
        } else {
            connection = connections.get((int) (i % connections.size()));
            if (!connection.open) {
                return false;
            }
            connection.intended.add(intended);
        }
        sent.incrementAndGet();
        ByteBuffer message = ByteBuffer.wrap(messages[(int) (i % messages.length)]);
        while (message.hasRemaining()) {
            if (connection.channel.write(message) == 0) {
                if (!connection.open) {
                    return false;
                }
                LockSupport.parkNanos(10_000);
            }
        }
        return true;
    }

    private void receive() {
        try {
            long drainDeadline = Long.MAX_VALUE;
            while (true) {
                if (!sending && drainDeadline == Long.MAX_VALUE) {
                    drainDeadline = System.nanoTime() + DRAIN_NANOS;
                }
                if (!sending && (answered >= sent.get() || System.nanoTime() > drainDeadline)) {
                    return;
                }
                if (connections.stream().noneMatch(c -> c.open)) {
                    return;
                }
                selector.select(10);
                for (SelectionKey key : selector.selectedKeys()) {
                    ((Connection) key.attachment()).readable();
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            System.out.println("receiver failed: " + e);
        }
    }

    private void answer(Connection connection, boolean success) {
        long now = System.nanoTime();
        Long intended = connection.intended.poll();
        if (intended == null) {
            return; // Something the server sent on its own (a close frame's echo): no message of ours.
        }
        answered++;
        if (intended >= timedFrom) {
            if (timed == latencies.length) {
                latencies = Arrays.copyOf(latencies, latencies.length * 2);
            }
            latencies[timed++] = now - intended;
            lastAnswerNanos = now;
        }
        if (success) {
            ok++;
        } else {
            other++;
        }
        if (http) {
            idle.add(connection);
        }
    }

    /** One connection: its channel, the intended times of what it has in flight, and what it has read. */
    private final class Connection {
        final SocketChannel channel;
        final Queue<Long> intended = new ConcurrentLinkedQueue<>();
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        volatile boolean open = true;

        Connection(URI url, String authorization) throws IOException {
            channel = SocketChannel.open(new InetSocketAddress(url.getHost(), url.getPort()));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (!http) {
                channel.write(ByteBuffer.wrap(WebSockets.upgradeRequest(url, authorization)));
                String head = readHead();
                if (!head.startsWith("HTTP/1.1 101")) {
                    throw new IOException("upgrade refused: " + head);
                }
            }
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, this);
        }

        private String readHead() throws IOException {
            StringBuilder head = new StringBuilder();
            ByteBuffer one = ByteBuffer.allocate(1);
            while (!head.toString().endsWith("\r\n\r\n")) {
                one.clear();
                if (channel.read(one) < 0) {
                    break;
                }
                head.append((char) one.get(0));
            }
            return head.toString();
        }

        void readable() throws IOException {
            if (!in.hasRemaining()) {
                in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
            }
            int read = channel.read(in);
            if (read < 0) {
                open = false;
                channel.close();
                // Whatever was in flight on it is lost: errors, so the run still ends.
                while (!intended.isEmpty()) {
                    answer(this, false);
                }
                return;
            }
            in.flip();
            while (http ? httpAnswer() : frame()) {
                // One answer handled per turn.
            }
            in.compact();
        }

        /** Handles one whole HTTP answer at the buffer's position, if it has arrived. */
        private boolean httpAnswer() {
            byte[] data = in.array();
            int from = in.position();
            int headEnd = indexOf(data, from, in.limit(), "\r\n\r\n");
            if (headEnd < 0) {
                return false;
            }
            String head = new String(data, from, headEnd - from, StandardCharsets.US_ASCII);
            int status = Integer.parseInt(head.substring(9, 12));
            int bodyLength = 0;
            for (String line : head.split("\r\n")) {
                if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                    bodyLength = Integer.parseInt(line.substring(15).trim());
                }
            }
            int end = headEnd + 4 + bodyLength;
            if (end > in.limit()) {
                return false;
            }
            in.position(end);
            answer(this, status == 200);
            return true;
        }

        /** Handles one whole server frame at the buffer's position, if it has arrived. */
        private boolean frame() {
            int from = in.position();
            int available = in.remaining();
            if (available < 2) {
                return false;
            }
            int opcode = in.get(from) & 0x0f;
            long length = in.get(from + 1) & 0x7f;
            int header = 2;
            if (length == 126) {
                if (available < 4) {
                    return false;
                }
                length = ((in.get(from + 2) & 0xff) << 8) | (in.get(from + 3) & 0xff);
                header = 4;
            } else if (length == 127) {
                if (available < 10) {
                    return false;
                }
                length = in.getLong(from + 2);
                header = 10;
            }
            if (available < header + length) {
                return false;
            }
            in.position((int) (from + header + length));
            if (opcode == 1 || opcode == 2) {
                answer(this, WebSockets.isResult(in.array(), from + header, (int) length));
            } else if (opcode == 8) {
                open = false;
            }
            return true;
        }
    }

    private static int indexOf(byte[] data, int from, int to, String needle) {
        outer:
        for (int i = from; i + needle.length() <= to; i++) {
            for (int j = 0; j < needle.length(); j++) {
                if (data[i + j] != needle.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
