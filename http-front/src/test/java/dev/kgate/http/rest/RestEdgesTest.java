package dev.kgate.http.rest;

import dev.kgate.http.testing.TestGateways;
import dev.kgate.http.Gateway;
import dev.kgate.http.cluster.KafkaView;
import dev.kgate.http.cluster.TopicExistence;
import dev.kgate.http.ingest.RecordSizeLimit;
import dev.kgate.http.listener.ListenerLimits;
import dev.kgate.http.listener.ListenerRegistry;
import dev.kgate.http.listener.ListenerSettings;
import dev.kgate.http.route.HeaderForwarding;
import dev.kgate.http.route.StationRules;
import dev.kgate.http.topic.TopicPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The REST produce routes at their edges, over raw sockets against a real listener whose sink acknowledges at once:
 * bodies at and past every limit, chunked bodies without end, slow bodies, and the listener's input budget. Every
 * request ends with a status the route chose, never a bare 200, and nothing refused reaches the sink.
 */
class RestEdgesTest {

    private static final int MAX_BODY = 4 * 1024 * 1024;
    private static final int PRODUCER_MAX = 1_048_576;
    private static final long REQUEST_TIMEOUT_MS = 1_500;
    private static final long INPUT_BUDGET = 24L * 1024 * 1024;
    private static final TestGateways.AckingSink sink = new TestGateways.AckingSink();
    private static ListenerRegistry.Membership listener;
    private static Gateway gateway;
    private static int port;



    @BeforeAll
    static void start() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        KafkaView kafka = new TestGateways.ExistingTopics(topic -> "small".equals(topic) ? 10_000 : Integer.MAX_VALUE);
        IngestSettings ingest = new IngestSettings(new TopicPolicy(Set.of("t", "small"), null),
                new TopicExistence(kafka, true), new StationRules(List.of()), HeaderForwarding.none(), MAX_BODY, 100,
                30_000, 1, REQUEST_TIMEOUT_MS, new RecordSizeLimit(PRODUCER_MAX, kafka::topicMaxMessageBytes));
        gateway = TestGateways.openGateway(ingest, kafka, sink);
        listener = ListenerRegistry.join(new ListenerSettings("127.0.0.1", port, null, 2,
                new ListenerLimits(INPUT_BUDGET, 60_000, 30_000)), "rest-edges", gateway.handler());
    }

    @AfterAll
    static void stop() {
        listener.close();
    }

    /** What came back on a raw connection: the status line's code and the whole text. */
    private record Answer(int status, String text) {
    }

    private static String head(String path, String... headers) {
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    /** Sends a request with a body of {@code size} bytes of {@code fill}, then reads the answer. */
    private static Answer post(String path, int size, byte fill) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head(path, "Content-Type: text/plain", "Content-Length: " + size)
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, fill);
            int left = size;
            try {
                while (left > 0) {
                    int n = Math.min(left, chunk.length);
                    out.write(chunk, 0, n);
                    left -= n;
                }
            } catch (SocketException e) {
                // The server may answer and close before the whole body is sent; its answer is still readable.
            }
            return read(socket.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                text.write(buffer, 0, n);
                String sofar = text.toString(StandardCharsets.UTF_8);
                int headEnd = sofar.indexOf("\r\n\r\n");
                if (headEnd > 0) {
                    java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)")
                            .matcher(sofar.substring(0, headEnd));
                    if (length.find() && text.size() >= headEnd + 4 + Integer.parseInt(length.group(1))) {
                        break;
                    }
                }
            }
        } catch (SocketException e) {
            // A reset after the answer: what was read counts.
        }
        String all = text.toString(StandardCharsets.UTF_8);
        int status = all.startsWith("HTTP/1.1 ") ? Integer.parseInt(all.substring(9, 12)) : -1;
        return new Answer(status, all);
    }

    @Test
    void aBodyLargerThanKafkaTakesIsRefusedWithoutBeingWritten() throws IOException {
        int before = sink.written();
        for (int size : new int[]{PRODUCER_MAX - 400, PRODUCER_MAX + 10, 2 * 1024 * 1024 + 1, 3_000_000, MAX_BODY}) {
            Answer answer = post("/stations/t/produce/single", size, (byte) 'x');
            assertEquals(413, answer.status(), size + " bytes: " + answer.text());
            assertTrue(answer.text().contains("\"success\":false"), answer.text());
            assertTrue(answer.text().contains("Kafka takes at most"), answer.text());
        }
        assertEquals(before, sink.written(), "nothing reached the sink");
        Answer fits = post("/stations/t/produce/single", PRODUCER_MAX - 600, (byte) 'x');
        assertEquals(200, fits.status(), fits.text());
    }

    @Test
    void aTopicsOwnMaxMessageBytesCounts() throws IOException {
        assertEquals(413, post("/stations/small/produce/single", 20_000, (byte) 'x').status());
        assertEquals(200, post("/stations/small/produce/single", 5_000, (byte) 'x').status());
    }

    @Test
    void aBatchElementTooLargeIsRefusedAndTheOthersWritten() throws IOException {
        String big = "\"" + "b".repeat(20_000) + "\"";
        String body = "[\"a\"," + big + ",\"c\"]";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write((head("/stations/small/produce/batch", "Content-Type: application/json",
                    "Content-Length: " + bytes.length)).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(bytes);
            Answer answer = read(socket.getInputStream());
            assertEquals(400, answer.status(), answer.text());
            assertTrue(answer.text().contains("\"sent\":2") && answer.text().contains("message 1: The message is"),
                    answer.text());
        }
    }

    @Test
    void aBodyOverTheLimitIsAnswered413WhateverUndertowsOwnLimit() throws IOException {
        Answer answer = post("/stations/t/produce/single", MAX_BODY + 1, (byte) 'x');
        assertEquals(413, answer.status(), answer.text());
        Answer invalid = post("/stations/t/produce/batch", 3_000_000, (byte) '[');
        assertTrue(invalid.status() == 400 || invalid.status() == 415, invalid.text());
    }

    @Test
    void aChunkedBodyWithoutEndIsAnswered413() throws IOException {
        int before = sink.written();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head("/stations/t/produce/single", "Content-Type: text/plain",
                    "Transfer-Encoding: chunked").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ("10000\r\n" + "y".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                for (int sent = 0; sent < 2 * MAX_BODY; sent += 0x10000) {
                    out.write(chunk);
                }
            } catch (SocketException e) {
                // Closed by the server after its answer.
            }
            Answer answer = read(socket.getInputStream());
            assertEquals(413, answer.status(), answer.text());
        }
        assertEquals(before, sink.written());
    }

    @Test
    void aSlowBodyIsCutOffAtTheRequestDeadline() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head("/stations/t/produce/single", "Content-Type: text/plain",
                    "Content-Length: 1000").getBytes(StandardCharsets.US_ASCII));
            out.write('a');
            out.flush();
            long start = System.nanoTime();
            Answer answer = read(socket.getInputStream());
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(408, answer.status(), answer.text());
            assertTrue(waitedMs < 5 * REQUEST_TIMEOUT_MS, "cut off at the deadline, not later: " + waitedMs + " ms");
        }
    }

    @Test
    void announcedBodiesTakeNoMemoryUntilTheirBytesArriveAndTheBudgetBoundsTheRest() throws Exception {
        // 40 connections announce 4 MiB each (160 MiB) and send 1 KiB: well within a 24 MiB budget.
        Socket[] sockets = new Socket[40];
        try {
            for (int i = 0; i < sockets.length; i++) {
                sockets[i] = new Socket("127.0.0.1", port);
                sockets[i].setSoTimeout(10_000);
                sockets[i].getOutputStream().write((head("/stations/t/produce/single",
                        "Content-Type: text/plain", "Content-Length: " + MAX_BODY) + "z".repeat(1024))
                        .getBytes(StandardCharsets.US_ASCII));
            }
            // Another client's normal request is still served while they hang.
            assertEquals(200, post("/stations/t/produce/single", 10, (byte) 'n').status());
        } finally {
            for (Socket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
        // Bodies sent in full past the budget: some are refused 503 with Retry-After, none fails the listener.
        Socket[] big = new Socket[12];
        int refused = 0;
        try {
            for (int i = 0; i < big.length; i++) {
                big[i] = new Socket("127.0.0.1", port);
                big[i].setSoTimeout(10_000);
                big[i].getOutputStream().write(head("/stations/t/produce/batch", "Content-Type: application/json",
                        "Content-Length: " + MAX_BODY).getBytes(StandardCharsets.US_ASCII));
                big[i].getOutputStream().write(new byte[3 * 1024 * 1024]);
            }
            for (Socket socket : big) {
                Answer answer = read(socket.getInputStream());
                if (answer.status() == 503) {
                    refused++;
                    assertTrue(answer.text().contains("Retry-After"), answer.text());
                }
            }
        } catch (SocketException e) {
            refused++;
        } finally {
            for (Socket socket : big) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
        assertTrue(refused > 0, "12 x 4 MiB bodies cannot all fit a 24 MiB budget");
        assertEquals(200, post("/stations/t/produce/single", 10, (byte) 'n').status());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDateHeaderMovesOnAfterTheListenerWasReopened() throws Exception {
        int otherPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            otherPort = socket.getLocalPort();
        }
        ListenerSettings settings = new ListenerSettings("127.0.0.1", otherPort, null, 1);
        String first;
        try (ListenerRegistry.Membership ignored = ListenerRegistry.join(settings, "date-1", exchange -> {
            exchange.getResponseSender().send("ok");
        })) {
            first = dateOf(otherPort);
        }
        // As Undertow's cache is left when a listener closes before its clearing timer ran.
        java.lang.reflect.Field cache = io.undertow.util.DateUtils.class.getDeclaredField("cachedDateString");
        cache.setAccessible(true);
        ((java.util.concurrent.atomic.AtomicReference<String>) cache.get(null)).set(first);
        try (ListenerRegistry.Membership ignored = ListenerRegistry.join(settings, "date-2", exchange -> {
            exchange.getResponseSender().send("ok");
        })) {
            long deadline = System.currentTimeMillis() + 5_000;
            String later = dateOf(otherPort);
            while (later.equals(first) && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
                later = dateOf(otherPort);
            }
            assertFalse(later.equals(first), "Date still " + later);
        }
    }

    @Test
    void slowHeadersAndIdleConnectionsAreClosedButWebSocketsAreNot() throws Exception {
        int otherPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            otherPort = socket.getLocalPort();
        }
        ListenerSettings settings = new ListenerSettings("127.0.0.1", otherPort, null, 1,
                new ListenerLimits(INPUT_BUDGET, 700, 700));
        try (ListenerRegistry.Membership ignored = ListenerRegistry.join(settings, "timeouts", gateway.handler());
             Socket slowHeaders = new Socket("127.0.0.1", otherPort);
             Socket idle = new Socket("127.0.0.1", otherPort)) {
            slowHeaders.setSoTimeout(10_000);
            idle.setSoTimeout(10_000);
            slowHeaders.getOutputStream().write("POST /stations/t/produce/single HTTP/1.1\r\nHo"
                    .getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            assertEquals(-1, drain(slowHeaders.getInputStream()), "headers not finished in time: closed");
            assertTrue((System.nanoTime() - start) / 1_000_000 < 5_000);
            start = System.nanoTime();
            assertEquals(-1, drain(idle.getInputStream()), "a connection that never asks anything: closed");
            assertTrue((System.nanoTime() - start) / 1_000_000 < 5_000);

            java.util.concurrent.BlockingQueue<String> frames = new java.util.concurrent.LinkedBlockingQueue<>();
            java.net.http.WebSocket socket = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(java.net.URI.create("ws://127.0.0.1:" + otherPort + "/socket/in?clientId=c&topic=t"),
                            new java.net.http.WebSocket.Listener() {
                                @Override
                                public CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data,
                                                                 boolean last) {
                                    frames.add(data.toString());
                                    ws.request(1);
                                    return null;
                                }
                            }).get(5, java.util.concurrent.TimeUnit.SECONDS);
            Thread.sleep(1_500);
            socket.sendText("{\"value\":{\"value\":\"after a pause\"}}", true).get(5,
                    java.util.concurrent.TimeUnit.SECONDS);
            String answer = frames.poll(5, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(answer != null && answer.contains("\"offset\""), "the socket outlived the HTTP timeouts: "
                    + answer);
            socket.abort();
        }
    }

    /** Reads until the end of the stream; -1 when the server closed it. */
    private static int drain(InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // Whatever the server said before closing (408, say) does not matter here.
            }
            return -1;
        } catch (SocketException e) {
            return -1;
        }
    }

    private static String dateOf(int onPort) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", onPort)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            java.util.regex.Matcher date = java.util.regex.Pattern.compile("(?i)\r\ndate: ([^\r]+)").matcher(text);
            assertTrue(date.find(), text);
            return date.group(1);
        }
    }
}
