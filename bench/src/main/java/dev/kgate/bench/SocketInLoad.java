package dev.kgate.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Pipelined load on {@code /socket/in}: each connection keeps {@code window} messages in flight and sends more as
 * result frames come back. The client is deliberately cheap (prebuilt frames with an all-zero mask, written in
 * bulk; results only scanned for {@code "offset"}) so that the machine's cores go to the server being measured,
 * as wrk does for HTTP. The values are the records of a {@link Payloads} file, in turn. Prints one RESULT line.
 *
 * <p>Usage: {@code SocketInLoad <ws://host:port/socket/in?query or wss://...> <seconds> <connections> <window>
 * <records file> <authorization header>}
 */
public final class SocketInLoad {

    private static final int CHUNK = 256;

    private final LongAdder ok = new LongAdder();
    private final LongAdder other = new LongAdder();
    private final List<Long> latenciesNanos = new ArrayList<>();
    private final byte[] ring;
    private final int frameLength;
    private final int frames;
    private volatile boolean sending = true;

    private SocketInLoad(List<byte[]> records) {
        byte[][] built = records.stream().map(WebSockets::socketInFrame).toArray(byte[][]::new);
        ring = WebSockets.ring(built);
        frameLength = built[0].length;
        frames = built.length;
    }

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        long seconds = Long.parseLong(args[1]);
        int connections = Integer.parseInt(args[2]);
        int window = Integer.parseInt(args[3]);
        List<byte[]> records = Payloads.readRecords(Path.of(args[4]));
        String authorization = args.length > 5 ? args[5] : null;
        new SocketInLoad(records).run(url, seconds, connections, window, authorization);
    }

    private void run(URI url, long seconds, int connections, int window, String authorization) throws Exception {
        List<Connection> all = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            all.add(new Connection(WebSockets.upgrade(url, authorization), window, i * (frames / connections)));
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
            sorted = latenciesNanos.stream().mapToLong(Long::longValue).toArray();
        }
        Arrays.sort(sorted);
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
        private final ServerFrameReader answers;
        private final Semaphore room;
        private final int least;
        private final long[] sentAt;
        private final AtomicLong sent = new AtomicLong();
        private volatile long answered;
        /** The next frame of the ring to send. */
        private int next;

        Connection(WebSockets.Upgraded upgraded, int window, int first) throws IOException {
            socket = upgraded.socket();
            out = socket.getOutputStream();
            answers = new ServerFrameReader(upgraded.input());
            room = new Semaphore(window);
            least = Math.max(1, Math.min(CHUNK, window / 16));
            sentAt = new long[Integer.highestOneBit(window) * 4];
            next = first;
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
                    // At least a sixteenth of the window per write: one frame per answer would make the client
                    // send (and the server read) a segment per frame. Permits beyond a chunk go back.
                    room.acquire(least);
                    int extra = room.drainPermits();
                    int n = least + Math.min(CHUNK - least, extra);
                    room.release(extra - (n - least));
                    long now = System.nanoTime();
                    long first = sent.get();
                    for (long i = first; i < first + n; i++) {
                        sentAt[(int) (i & (sentAt.length - 1))] = now;
                    }
                    sent.addAndGet(n);
                    while (n > 0) {
                        int run = Math.min(n, frames - next);
                        out.write(ring, next * frameLength, run * frameLength);
                        next = (next + run) % frames;
                        n -= run;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // Stopped.
            }
        }

        private void read() {
            try {
                while (true) {
                    if (answers.next() == ServerFrameReader.CLOSE) {
                        return;
                    }
                    if (WebSockets.isResult(answers.payload(), 0, answers.length())) {
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
}
