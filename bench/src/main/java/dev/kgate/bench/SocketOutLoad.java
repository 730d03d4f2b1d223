package dev.kgate.bench;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code /socket/out} as fast as the server sends, on one or more sockets of one consumer group (each with its
 * own clientId), for at most a number of seconds or until the topic is drained (a second without frames). Prints one
 * RESULT line: record frames, error frames, the seconds from the first frame to the last over all sockets, and the
 * sum of the sockets' own rates (each from its first frame to its last), which is how several ConsumerPerformance
 * instances of one group are added up too.
 *
 * <p>Usage: {@code SocketOutLoad <ws://host:port/socket/out?topic=..> <clientId prefix> <sockets> <seconds>
 * <authorization header>}; socket i connects with {@code clientId=<prefix>-i&groupId=<prefix>-group}.
 */
public final class SocketOutLoad {

    private SocketOutLoad() {
    }

    /** What one socket read. */
    private static final class Reader implements Runnable {
        private final URI url;
        private final String authorization;
        private final long seconds;
        long ok;
        long other;
        long first;
        long last;
        Exception failure;

        Reader(URI url, String authorization, long seconds) {
            this.url = url;
            this.authorization = authorization;
            this.seconds = seconds;
        }

        @Override
        public void run() {
            try {
                WebSockets.Upgraded upgraded = WebSockets.upgrade(url, authorization);
                try (var socket = upgraded.socket()) {
                    ServerFrameReader frames = new ServerFrameReader(upgraded.input());
                    long end = System.nanoTime() + seconds * 1_000_000_000L;
                    socket.setSoTimeout(1_000);
                    while (System.nanoTime() < end) {
                        int opcode;
                        try {
                            opcode = frames.next();
                        } catch (SocketTimeoutException e) {
                            if (ok > 0) {
                                break;
                            }
                            continue;
                        }
                        if (opcode == ServerFrameReader.CLOSE) {
                            break;
                        }
                        last = System.nanoTime();
                        first = first == 0 ? last : first;
                        // Record frames start {"wsProxyMessageId", error frames {"error".
                        if (frames.payload()[2] == 'w') {
                            ok++;
                        } else {
                            other++;
                        }
                    }
                }
            } catch (Exception e) {
                failure = e;
            }
        }

        double rate() {
            return last > first ? ok / ((last - first) / 1e9) : 0;
        }
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String prefix = args[1];
        int sockets = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        String authorization = args.length > 4 ? args[4] : null;
        List<Reader> readers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < sockets; i++) {
            Reader reader = new Reader(URI.create(base + "&clientId=" + prefix + "-" + i + "&groupId=" + prefix
                    + "-group"), authorization, seconds);
            readers.add(reader);
            Thread thread = new Thread(reader, "reader-" + i);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long ok = 0;
        long other = 0;
        long first = Long.MAX_VALUE;
        long last = 0;
        double sumOfRates = 0;
        for (Reader reader : readers) {
            if (reader.failure != null) {
                System.out.println("FAILED " + reader.failure);
            }
            ok += reader.ok;
            other += reader.other;
            if (reader.ok > 0) {
                first = Math.min(first, reader.first);
                last = Math.max(last, reader.last);
            }
            sumOfRates += reader.rate();
        }
        double elapsed = last > first ? (last - first) / 1e9 : 0;
        System.out.printf("RESULT ok=%d other=%d seconds=%.2f rate=%.0f%n", ok, other, elapsed, sumOfRates);
    }
}
