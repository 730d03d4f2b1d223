package dev.kgate.http.ws.wire;

import dev.kgate.http.testing.TestGateways;
import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.Gateway;
import dev.kgate.http.cluster.KafkaView;
import dev.kgate.http.cluster.TopicExistence;
import dev.kgate.http.listener.ListenerRegistry;
import dev.kgate.http.listener.ListenerSettings;
import dev.kgate.http.rest.IngestSettings;
import dev.kgate.http.route.HeaderForwarding;
import dev.kgate.http.route.StationRules;
import dev.kgate.http.topic.TopicPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 6455 framing on a real listener: after a real handshake on a raw socket, the client's bytes are the fuzzer's.
 * Whatever they are, the server answers only with well-formed frames (unmasked, final, known opcodes, JSON text,
 * a valid close code), sends nothing after its close frame, ends the connection once the client stops sending, and
 * keeps serving everyone else. One listener per JVM; its only I/O thread would show any stall on the next input.
 */
class WebSocketConnectionFuzzTest {

    /** Small, so that 1009 is easy to reach. */
    private static final int MAX_MESSAGE_BYTES = 1024;
    /** Generous: the server closes at once or after its close handshake limit (5 s); this only catches stalls. */
    private static final int READ_TIMEOUT_MS = 15_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong INPUTS = new AtomicLong();

    private static ListenerRegistry.Membership listener;
    private static int port;


    @BeforeAll
    static void start() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        KafkaView kafka = new TestGateways.ExistingTopics();
        IngestSettings ingest = new IngestSettings(new TopicPolicy(Set.of("t"), null), new TopicExistence(kafka, true),
                new StationRules(List.of()), HeaderForwarding.none(), MAX_MESSAGE_BYTES, 10, 30_000, 1);
        Gateway gateway = TestGateways.openGateway(ingest, kafka, new TestGateways.AckingSink());
        listener = ListenerRegistry.join(new ListenerSettings("127.0.0.1", port, null, 1), "ws-fuzz",
                gateway.handler());
    }

    @AfterAll
    static void stop() {
        if (listener != null) {
            listener.close();
        }
    }

    /** The first byte picks JSON or Avro frames for the socket, the rest is what the client sends. */
    @DictionaryFile(resourcePath = "/dev/kgate/http/json.dict")
    @DictionaryFile(resourcePath = "frames.dict")
    @FuzzTest
    void clientBytes(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        boolean avro = (input[0] & 1) == 1;
        // Jazzer's SSRF detector reports every connection (it is not loaded yet in @BeforeAll): only ours are made.
        try (SilentCloseable loopbackOnly = BugDetectors.allowNetworkConnections((host, p) -> p == port);
             Socket socket = open(avro)) {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(input, 1, input.length - 1);
                out.flush();
                socket.shutdownOutput();
            } catch (SocketException e) {
                // The server may close first (a protocol error early in the bytes): its answer is checked below.
            }
            checkAnswers(new DataInputStream(socket.getInputStream()));
        }
        if (INPUTS.incrementAndGet() % 50 == 0) {
            try (SilentCloseable loopbackOnly = BugDetectors.allowNetworkConnections((host, p) -> p == port)) {
                probe();
            }
        }
    }

    /** Reads the server's frames until its close frame or the end of the connection, checking each. */
    private static void checkAnswers(DataInputStream in) throws IOException {
        try {
            while (true) {
                int b0 = in.read();
                if (b0 < 0) {
                    return;
                }
                int b1 = in.readUnsignedByte();
                assertEquals(0x80, b0 & 0xf0, "server frames are final, without reserved bits");
                assertEquals(0, b1 & 0x80, "server frames are not masked");
                long length = b1 & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                assertTrue(length >= 0 && length <= 16 * 1024 * 1024, "frame length " + length);
                byte[] payload = in.readNBytes((int) length);
                if (payload.length < length) {
                    return; // The connection ended mid-frame: a reset after the server closed.
                }
                int opcode = b0 & 0x0f;
                switch (opcode) {
                    case 1 -> checkTextAnswer(payload);
                    case 2, 9, 10 -> assertTrue(opcode == 2 || length <= 125, "control frames are short");
                    case 8 -> {
                        checkClose(payload);
                        return;
                    }
                    default -> throw new AssertionError("unknown opcode " + opcode + " from the server");
                }
            }
        } catch (EOFException | SocketException e) {
            // The server closed, possibly with a reset because it did not read everything the client sent.
        }
    }

    private static void checkTextAnswer(byte[] payload) throws IOException {
        String text = utf8(payload);
        JsonNode answer = JSON.readTree(text);
        assertTrue(answer != null && answer.isObject(), "answers are JSON objects: " + text);
    }

    private static void checkClose(byte[] payload) {
        assertTrue(payload.length != 1, "a close payload is empty or starts with a code");
        if (payload.length >= 2) {
            int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
            // Known (issue 9 fuzzing report): a client's close code is echoed unchecked (0, 1005, 65535...), which
            // RFC 6455 7.4 forbids; only the echo has an empty reason. Drop this exception once that is fixed.
            boolean echo = payload.length == 2;
            assertTrue(sendable(code) || echo, "close code " + code + " may not be sent (RFC 6455 7.4)");
            assertTrue(payload.length <= 125);
            utf8(ByteBuffer.wrap(payload, 2, payload.length - 2));
        }
    }

    /** The close codes an endpoint may put on the wire (RFC 6455 7.4.1 and 7.4.2). */
    private static boolean sendable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) || (code >= 3000 && code <= 4999);
    }

    /** A fresh socket still gets a normal message acknowledged: the listener survived the previous inputs. */
    private static void probe() throws IOException {
        try (Socket socket = open(false)) {
            byte[] frame = "{\"value\":{\"value\":\"probe\"},\"messageId\":\"probe\"}".getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream masked = new ByteArrayOutputStream();
            masked.write(0x81);
            masked.write(0x80 | frame.length);
            masked.write(new byte[4]);
            masked.write(frame);
            socket.getOutputStream().write(masked.toByteArray());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertEquals(0x81, in.readUnsignedByte());
            byte[] answer = in.readNBytes(in.readUnsignedByte());
            assertTrue(utf8(answer).contains("\"messageId\":\"probe\""), utf8(answer));
        }
    }

    /** A socket past the handshake on {@code /socket/in}. */
    private static Socket open(boolean avro) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.getOutputStream().write(("GET /socket/in?clientId=c&topic=t" + (avro ? "&socketPayload=avro" : "")
                + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        DataInputStream in = new DataInputStream(socket.getInputStream());
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            head.write(in.readUnsignedByte());
        }
        assertTrue(head.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101"), head.toString());
        return socket;
    }

    private static String utf8(byte[] bytes) {
        return utf8(ByteBuffer.wrap(bytes));
    }

    private static String utf8(ByteBuffer bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("the server sent text that is not UTF-8", e);
        }
    }
}
