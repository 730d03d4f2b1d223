package dev.kgate.http.abuse;

import dev.kgate.http.testing.TestGateways;
import dev.kgate.http.Gateway;
import dev.kgate.http.cluster.KafkaView;
import dev.kgate.http.cluster.TopicExistence;
import dev.kgate.http.ingest.RecordSizeLimit;
import dev.kgate.http.listener.ListenerLimits;
import dev.kgate.http.listener.ListenerRegistry;
import dev.kgate.http.listener.ListenerSettings;
import dev.kgate.http.rest.IngestSettings;
import dev.kgate.http.route.HeaderForwarding;
import dev.kgate.http.route.StationRules;
import dev.kgate.http.topic.TopicPolicy;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Memory under abuse, in a JVM of its own with a small heap (the {@code abuse} surefire execution, -Xmx192m): hundreds
 * of connections announce 4 MiB bodies and WebSocket frames and send a little of them, sockets leave fragmented
 * messages unfinished, and clients flood pings without reading the pongs. The listener's input budget holds, the
 * excess is refused or closed, there is no OutOfMemoryError, and a normal request is served throughout.
 */
class MemoryUnderAbuseTest {

    private static final int MAX_BODY = 4 * 1024 * 1024;
    private static final long BUDGET = 48L * 1024 * 1024;
    /** The heap the abuse may leave in use after a collection: far below what the announced sizes add up to. */
    private static final long HEAP_BOUND = 140L * 1024 * 1024;
    private static final int REST_CONNECTIONS = 400;
    private static final int SOCKETS = 200;
    private static final int FRAGMENTED = 50;
    private static final int PING_FLOODERS = 20;



    @Test
    void announcedSizesCostNothingAndTheBudgetHoldsWhileNormalRequestsAreServed() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        KafkaView kafka = new TestGateways.ExistingTopics();
        IngestSettings ingest = new IngestSettings(new TopicPolicy(Set.of("t"), null), new TopicExistence(kafka, true),
                new StationRules(List.of()), HeaderForwarding.none(), MAX_BODY, 100, 30_000, 1, 60_000,
                new RecordSizeLimit(16 * 1024 * 1024, topic -> Integer.MAX_VALUE));
        Gateway gateway = TestGateways.openGateway(ingest, kafka, new TestGateways.AckingSink());
        List<Socket> abusers = new ArrayList<>();
        try (ListenerRegistry.Membership ignored = ListenerRegistry.join(new ListenerSettings("127.0.0.1", port,
                null, 2, new ListenerLimits(BUDGET, 120_000, 120_000)), "abuse", gateway.handler())) {
            long before = usedHeapAfterGc();
            byte[] part = new byte[160 * 1024];
            for (int i = 0; i < REST_CONNECTIONS; i++) {
                Socket socket = open(port, abusers);
                write(socket, ("POST /stations/t/produce/single HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                        + "Content-Length: " + MAX_BODY + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                write(socket, part);
            }
            assertNormalRequestServed(port);
            for (int i = 0; i < SOCKETS; i++) {
                Socket socket = upgraded(port, abusers);
                // A text frame announcing 4 MiB less a byte, then 160 KiB of it.
                write(socket, frameHeader(0x81, MAX_BODY - 1));
                write(socket, part);
            }
            for (int i = 0; i < FRAGMENTED; i++) {
                Socket socket = upgraded(port, abusers);
                write(socket, frameHeader(0x01, part.length));
                write(socket, part);
            }
            byte[] ping = frameHeader(0x89, 0);
            byte[] pings = new byte[ping.length * 20_000];
            for (int i = 0; i < 20_000; i++) {
                System.arraycopy(ping, 0, pings, i * ping.length, ping.length);
            }
            for (int i = 0; i < PING_FLOODERS; i++) {
                Socket socket = upgraded(port, abusers);
                socket.setSendBufferSize(64 * 1024);
                CompletableFuture.runAsync(() -> write(socket, pings));
            }
            assertNormalRequestServed(port);
            long during = usedHeapAfterGc();
            System.out.printf("heap in use: %d MiB before, %d MiB with %d connections announcing %d MiB%n",
                    before >> 20, during >> 20, abusers.size(),
                    ((long) (REST_CONNECTIONS + SOCKETS) * MAX_BODY) >> 20);
            assertTrue(during < HEAP_BOUND, "heap in use " + (during >> 20) + " MiB");
            for (Socket socket : abusers) {
                socket.close();
            }
            assertNormalRequestServed(port);
        } finally {
            for (Socket socket : abusers) {
                socket.close();
            }
        }
    }

    private static Socket open(int port, List<Socket> abusers) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        abusers.add(socket);
        return socket;
    }

    private static Socket upgraded(int port, List<Socket> abusers) throws IOException {
        Socket socket = open(port, abusers);
        socket.setSoTimeout(10_000);
        write(socket, ("GET /socket/in?clientId=a&topic=t HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(new byte[16]) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = socket.getInputStream().read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
        return socket;
    }

    /** A masked frame's header (zero mask, so the payload goes as is). */
    private static byte[] frameHeader(int firstByte, int length) {
        if (length < 126) {
            return new byte[]{(byte) firstByte, (byte) (0x80 | length), 0, 0, 0, 0};
        }
        return new byte[]{(byte) firstByte, (byte) (0x80 | 127), 0, 0, 0, 0, (byte) (length >>> 24),
                (byte) (length >>> 16), (byte) (length >>> 8), (byte) length, 0, 0, 0, 0};
    }

    private static void write(Socket socket, byte[] bytes) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            // Refused or closed by the server: that is one of the answers this test allows.
        }
    }

    private static void assertNormalRequestServed(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /stations/t/produce/single HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: text/plain\r\nContent-Length: 6\r\nConnection: close\r\n\r\nnormal")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals("HTTP/1.1 200", answer.substring(0, 12), answer);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
