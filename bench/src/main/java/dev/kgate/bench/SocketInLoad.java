package dev.kgate.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Pipelined load on {@code /socket/in}: each connection keeps {@code window} messages in flight and sends more as
 * result frames come back. The client is deliberately cheap (prebuilt frames with an all-zero mask, written in
 * bulk; results only scanned for {@code "offset"}) so that the machine's cores go to the server being measured,
 * as wrk does for HTTP. Prints one RESULT line.
 *
 * <p>Usage: {@code SocketInLoad <port> <path?query> <seconds> <connections> <window> <authorization header>}
 */
public final class SocketInLoad {

    private static final String PAYLOAD = "{\"value\":{\"value\":\"{\\\"message\\\":\\\"" + "x".repeat(80)
            + "\\\"}\"}}";
    private static final int CHUNK = 256;

    private final LongAdder ok = new LongAdder();
    private final LongAdder other = new LongAdder();
    private final List<Long> latenciesNanos = new ArrayList<>();
    private volatile boolean sending = true;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String path = args[1];
        long seconds = Long.parseLong(args[2]);
        int connections = Integer.parseInt(args[3]);
        int window = Integer.parseInt(args[4]);
        String authorization = args.length > 5 ? args[5] : null;
        new SocketInLoad().run(port, path, seconds, connections, window, authorization);
    }

    private void run(int port, String path, long seconds, int connections, int window, String authorization)
            throws Exception {
        List<Connection> all = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            all.add(new Connection(port, path, window, authorization));
        }
        long start = System.nanoTime();
        all.forEach(Connection::start);
        Thread.sleep(seconds * 1000);
        sending = false;
        long okInTime = ok.sum();
        double elapsed = (System.nanoTime() - start) / 1e9;
        for (Connection connection : all) {
            connection.awaitAnswers(10_000);
        }
        long[] sorted;
        synchronized (latenciesNanos) {
            sorted = latenciesNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        System.out.printf("RESULT ok=%d ok_in_time=%d other=%d seconds=%.2f p50_ms=%.2f p99_ms=%.2f%n",
                ok.sum(), okInTime, other.sum(), elapsed, percentile(sorted, 0.50), percentile(sorted, 0.99));
        for (Connection connection : all) {
            connection.socket.close();
        }
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1e6;
    }

    /** One socket: a writer thread that fills the window in chunks, a reader thread that frees it. */
    private final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final ServerFrameReader frames;
        private final Semaphore room;
        private final long[] sentAt;
        private final AtomicLong sent = new AtomicLong();
        private volatile long answered;
        private final byte[] chunk;
        private final int frameLength;

        Connection(int port, String path, int window, String authorization) throws IOException {
            InputStream[] input = new InputStream[1];
            socket = upgrade(port, path, authorization, input);
            out = socket.getOutputStream();
            InputStream raw = input[0];
            frames = new ServerFrameReader(raw);
            room = new Semaphore(window);
            sentAt = new long[Integer.highestOneBit(window) * 4];
            byte[] frame = clientFrame(PAYLOAD.getBytes(StandardCharsets.UTF_8));
            frameLength = frame.length;
            chunk = new byte[frame.length * CHUNK];
            for (int i = 0; i < CHUNK; i++) {
                System.arraycopy(frame, 0, chunk, i * frame.length, frame.length);
            }
        }

        void start() {
            Thread writer = new Thread(this::write, "writer");
            Thread reader = new Thread(this::read, "reader");
            writer.setDaemon(true);
            reader.setDaemon(true);
            writer.start();
            reader.start();
        }

        private void write() {
            try {
                while (sending) {
                    room.acquire();
                    int n = 1 + Math.min(CHUNK - 1, room.drainPermits());
                    long now = System.nanoTime();
                    long first = sent.get();
                    for (long i = first; i < first + n; i++) {
                        sentAt[(int) (i & (sentAt.length - 1))] = now;
                    }
                    sent.addAndGet(n);
                    out.write(chunk, 0, n * frameLength);
                }
            } catch (IOException | InterruptedException e) {
                // Stopped.
            }
        }

        private void read() {
            try {
                while (true) {
                    if (frames.next() == ServerFrameReader.CLOSE) {
                        return;
                    }
                    if (contains(frames.payload(), frames.length(), OFFSET)) {
                        ok.increment();
                    } else {
                        other.increment();
                    }
                    if ((answered & 15) == 0) {
                        long latency = System.nanoTime() - sentAt[(int) (answered & (sentAt.length - 1))];
                        synchronized (latenciesNanos) {
                            latenciesNanos.add(latency);
                        }
                    }
                    answered++;
                    room.release();
                }
            } catch (IOException e) {
                // Closed.
            }
        }

        void awaitAnswers(long maxMs) throws InterruptedException {
            long deadline = System.currentTimeMillis() + maxMs;
            while (answered < sent.get() && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(50);
        }
    }

    private static final byte[] OFFSET = "\"offset\"".getBytes(StandardCharsets.US_ASCII);

    private static boolean contains(byte[] data, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** A masked text frame; the mask is all zeros (legal), so the payload stays as it is and frames can be reused. */
    private static byte[] clientFrame(byte[] payload) {
        int header = payload.length < 126 ? 2 : 4;
        byte[] frame = Arrays.copyOf(new byte[0], header + 4 + payload.length);
        frame[0] = (byte) 0x81;
        if (payload.length < 126) {
            frame[1] = (byte) (0x80 | payload.length);
        } else {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (payload.length >> 8);
            frame[3] = (byte) payload.length;
        }
        System.arraycopy(payload, 0, frame, header + 4, payload.length);
        return frame;
    }

    /** Opens a WebSocket by hand (plain socket, RFC 6455 handshake) and returns it after the 101. */
    static Socket upgrade(int port, String path, String authorization, InputStream[] input) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        InputStream raw = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        String head = readHead(raw);
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("upgrade refused: " + head);
        }
        input[0] = raw;
        return socket;
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }
}
