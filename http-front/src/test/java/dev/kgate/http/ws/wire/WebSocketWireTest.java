package dev.kgate.http.ws.wire;

import dev.kgate.http.Gateway;
import dev.kgate.http.GatewaySettings;
import dev.kgate.http.cluster.BrokerInfo;
import dev.kgate.http.cluster.KafkaView;
import dev.kgate.http.cluster.TopicExistence;
import dev.kgate.http.ingest.IngestMessage;
import dev.kgate.http.ingest.MessageSink;
import dev.kgate.http.ingest.WriteResult;
import dev.kgate.http.listener.ListenerRegistry;
import dev.kgate.http.listener.ListenerSettings;
import dev.kgate.http.rest.IngestSettings;
import dev.kgate.http.route.HeaderForwarding;
import dev.kgate.http.route.StationRules;
import dev.kgate.http.topic.TopicPolicy;
import dev.kgate.http.ws.InSocketSettings;
import dev.kgate.http.ws.out.TopicReaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 6455 on the wire, with hand-made frames against a real listener whose sink acknowledges at once: masking,
 * fragments, control frames, and the close codes for protocol errors, bad UTF-8 and messages too big.
 */
class WebSocketWireTest {

    private static final int MAX_BYTES = 1024;
    private static ListenerRegistry.Membership listener;
    private static Gateway gateway;
    private static int port;

    /** Acknowledges every message at once with increasing offsets. */
    private static final class AckingSink implements MessageSink {
        private final AtomicLong offset = new AtomicLong();

        @Override
        public Offer offer(IngestMessage message) {
            message.startSending();
            message.written(new WriteResult(message.topic(), 0, offset.getAndIncrement(), 1L));
            return Offer.ACCEPTED;
        }

        @Override
        public boolean hasRoomFor(long bytes) {
            return true;
        }
    }

    /** Holds messages until the test acknowledges them; refuses past its capacity like a full queue. */
    private static final class HoldingSink implements MessageSink {
        private final int capacity;
        private final List<IngestMessage> held = new java.util.ArrayList<>();
        private int accepted;
        private long offset;

        HoldingSink(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public synchronized Offer offer(IngestMessage message) {
            if (held.size() >= capacity) {
                return Offer.FULL;
            }
            held.add(message);
            accepted++;
            return Offer.ACCEPTED;
        }

        synchronized int accepted() {
            return accepted;
        }

        synchronized void acknowledgeAll() {
            for (IngestMessage message : held) {
                message.startSending();
                message.written(new WriteResult(message.topic(), 0, offset++, 1L));
            }
            held.clear();
        }

        @Override
        public boolean hasRoomFor(long bytes) {
            return true;
        }
    }

    /** A second listener in front of {@code sink}, with {@code maxInFlight} messages per socket. */
    private static ListenerRegistry.Membership holdingListener(int listenerPort, MessageSink sink, int maxInFlight) {
        return ListenerRegistry.join(new ListenerSettings("127.0.0.1", listenerPort, null, 1), "holding-" + listenerPort,
                gatewayFor(sink, maxInFlight).handler());
    }

    @Test
    void aFullWindowStopsReadingUntilAcknowledgementsFreeRoom() throws Exception {
        HoldingSink sink = new HoldingSink(10_000);
        int holdingPort = freePort();
        try (ListenerRegistry.Membership ignored = holdingListener(holdingPort, sink, 100);
             RawClient client = new RawClient(holdingPort)) {
            for (int i = 0; i < 150; i++) {
                client.text("{\"value\":{\"value\":\"w\"},\"messageId\":\"" + i + "\"}");
            }
            Thread.sleep(500);
            assertEquals(100, sink.accepted(), "the server stopped reading at the window");
            sink.acknowledgeAll();
            for (int i = 0; i < 100; i++) {
                assertTrue(client.read()[1].contains("\"messageId\":\"" + i + "\""));
            }
            Thread.sleep(200);
            assertEquals(150, sink.accepted(), "reading resumed once acknowledgements freed room");
            sink.acknowledgeAll();
            for (int i = 100; i < 150; i++) {
                assertTrue(client.read()[1].contains("\"messageId\":\"" + i + "\""));
            }
        }
    }

    @Test
    void aMessageRefusedByAFullQueueWaitsForRoomInsteadOfFailing() throws Exception {
        HoldingSink sink = new HoldingSink(30);
        int holdingPort = freePort();
        try (ListenerRegistry.Membership ignored = holdingListener(holdingPort, sink, 1_000);
             RawClient client = new RawClient(holdingPort)) {
            for (int i = 0; i < 60; i++) {
                client.text("{\"value\":{\"value\":\"q\"},\"messageId\":\"" + i + "\"}");
            }
            Thread.sleep(300);
            assertEquals(30, sink.accepted());
            sink.acknowledgeAll();
            Thread.sleep(300);
            sink.acknowledgeAll();
            for (int i = 0; i < 60; i++) {
                String frame = client.read()[1];
                assertTrue(frame.contains("\"offset\"") && frame.contains("\"messageId\":\"" + i + "\""), frame);
            }
        }
    }

    private static final class ExistingTopics implements KafkaView {
        @Override
        public CompletionStage<Boolean> topicExists(String topic) {
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public CompletionStage<List<BrokerInfo>> brokers() {
            return CompletableFuture.completedFuture(List.of());
        }
    }

    @BeforeAll
    static void start() throws IOException {
        port = freePort();
        gateway = gatewayFor(new AckingSink(), 100);
        listener = ListenerRegistry.join(new ListenerSettings("127.0.0.1", port, null, 1), "wire-test",
                gateway.handler());
    }

    /** The routes of a task with open auth, one allowed topic that exists, and {@code maxInFlight} per socket. */
    private static Gateway gatewayFor(MessageSink sink, int maxInFlight) {
        KafkaView kafka = new ExistingTopics();
        IngestSettings ingest = new IngestSettings(new TopicPolicy(Set.of("t"), null), new TopicExistence(kafka, true),
                new StationRules(List.of()), HeaderForwarding.none(), MAX_BYTES, 10, 30_000, 1);
        return Gateway.create(new GatewaySettings(ingest, null, kafka, maxInFlight, InSocketSettings.BytesOnly.NEITHER,
                new TopicPolicy(Set.of(), null), (parameters, credentials) -> {
                    throw new TopicReaders.Refusal(403, "no reading here");
                }), sink);
    }

    @AfterAll
    static void stop() {
        listener.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    @Test
    void worksOverTls(@TempDir Path dir) throws Exception {
        Path keyStore = dir.resolve("wss.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "wss", "-keyalg", "EC", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", "changeit").redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes()));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keys.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trust.getTrustManagers(), null);

        int tlsPort = freePort();
        try (ListenerRegistry.Membership ignored = ListenerRegistry.join(
                new ListenerSettings("127.0.0.1", tlsPort, server, 1), "wss-test", gateway.handler())) {
            BlockingQueue<String> frames = new LinkedBlockingQueue<>();
            WebSocket socket = HttpClient.newBuilder().sslContext(client).build().newWebSocketBuilder()
                    .buildAsync(URI.create("wss://localhost:" + tlsPort + "/socket/in?clientId=c&topic=t"),
                            new WebSocket.Listener() {
                                @Override
                                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                    frames.add(data.toString());
                                    ws.request(1);
                                    return null;
                                }
                            }).join();
            String big = "x".repeat(900);
            for (int i = 0; i < 20; i++) {
                socket.sendText("{\"value\":{\"value\":\"" + big + "\"},\"messageId\":\"" + i + "\"}", true).join();
            }
            for (int i = 0; i < 20; i++) {
                String frame = frames.poll(10, TimeUnit.SECONDS);
                assertTrue(frame != null && frame.contains("\"messageId\":\"" + i + "\""), frame);
            }
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        }
    }

    /** A raw client: the handshake, then frames written by hand. */
    private static final class RawClient implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final DataInputStream in;

        RawClient() throws IOException {
            this(port);
        }

        RawClient(int serverPort) throws IOException {
            socket = new Socket("127.0.0.1", serverPort);
            out = socket.getOutputStream();
            in = new DataInputStream(socket.getInputStream());
            socket.setSoTimeout(10_000);
            out.write(("GET /socket/in?clientId=c&topic=t HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                head.write(in.read());
            }
            assertTrue(head.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101"), head.toString());
        }

        void frame(boolean fin, int opcode, byte[] payload, boolean masked) throws IOException {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write((fin ? 0x80 : 0) | opcode);
            int maskBit = masked ? 0x80 : 0;
            if (payload.length < 126) {
                frame.write(maskBit | payload.length);
            } else {
                frame.write(maskBit | 126);
                frame.write(payload.length >> 8);
                frame.write(payload.length & 0xff);
            }
            byte[] mask = {0x11, 0x22, 0x33, 0x44};
            if (masked) {
                frame.write(mask);
            }
            for (int i = 0; i < payload.length; i++) {
                frame.write(masked ? payload[i] ^ mask[i & 3] : payload[i]);
            }
            out.write(frame.toByteArray());
        }

        void text(String text) throws IOException {
            frame(true, 1, text.getBytes(StandardCharsets.UTF_8), true);
        }

        /** @return opcode, then the payload as text (or the close code and reason) */
        String[] read() throws IOException {
            int b0 = in.readUnsignedByte();
            int length = in.readUnsignedByte() & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            }
            byte[] payload = in.readNBytes(length);
            if ((b0 & 0x0f) == 8) {
                int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
                return new String[]{"8", String.valueOf(code), new String(payload, 2, payload.length - 2,
                        StandardCharsets.UTF_8)};
            }
            return new String[]{String.valueOf(b0 & 0x0f), new String(payload, StandardCharsets.UTF_8)};
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void fragmentsPingsAndBatchesOfFramesInOneWrite() throws Exception {
        try (RawClient client = new RawClient()) {
            client.frame(false, 1, "{\"value\":{\"va".getBytes(StandardCharsets.UTF_8), true);
            client.frame(true, 9, "are you there".getBytes(StandardCharsets.UTF_8), true);
            client.frame(true, 0, "lue\":\"joined\"},\"messageId\":\"f\"}".getBytes(StandardCharsets.UTF_8), true);
            String[] pong = client.read();
            assertEquals("10", pong[0]);
            assertEquals("are you there", pong[1]);
            assertTrue(client.read()[1].contains("\"messageId\":\"f\""));
            StringBuilder many = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                many.append("{\"value\":{\"value\":\"").append(i).append("\"},\"messageId\":\"").append(i).append("\"}");
                client.text(many.toString());
                many.setLength(0);
            }
            for (int i = 0; i < 50; i++) {
                assertTrue(client.read()[1].contains("\"messageId\":\"" + i + "\""), "in order");
            }
            client.frame(true, 8, new byte[]{0x03, (byte) 0xe8}, true);
            String[] close = client.read();
            assertEquals("1000", close[1], "the close is echoed");
        }
    }

    @Test
    void anUnmaskedFrameIsAProtocolError() throws Exception {
        try (RawClient client = new RawClient()) {
            client.frame(true, 1, "{}".getBytes(StandardCharsets.UTF_8), false);
            assertEquals("1002", client.read()[1]);
        }
    }

    @Test
    void textThatIsNotUtf8Closes1007() throws Exception {
        try (RawClient client = new RawClient()) {
            client.frame(true, 1, new byte[]{'{', (byte) 0xc3, (byte) 0x28, '}'}, true);
            assertEquals("1007", client.read()[1]);
        }
    }

    @Test
    void aMessageLargerThanTheLimitCloses1009() throws Exception {
        try (RawClient client = new RawClient()) {
            client.frame(true, 1, new byte[MAX_BYTES + 1], true);
            assertEquals("1009", client.read()[1]);
        }
    }
}
