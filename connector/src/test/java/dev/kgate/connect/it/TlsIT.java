package dev.kgate.connect.it;

import dev.kgate.connect.testing.TestKeyMaterial;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10: mutual TLS on a real worker. The listener (a PEM key store, a PKCS12 trust store, client certificates
 * required) lets in only clients whose certificate the test authority signed; a certificate's principal
 * {@code cert:<CN>} writes where its grant says and nowhere else. Each outcome is checked in Kafka.
 */
@ExtendWith(SharedGatewayCluster.class)
class TlsIT {

    private static final TestKeyMaterial KEYS = TestKeyMaterial.shared();

    private static GatewayCluster cluster;
    private static int port;

    @BeforeAll
    static void start(GatewayCluster shared) throws Exception {
        cluster = shared;
        port = GatewayCluster.freePort();
        Map<String, String> props = GatewayCluster.withSeedUser(GatewayCluster.connectorConfig(port, 1, "tls-.*"));
        props.put("http.tls.enabled", "true");
        props.put("http.tls.keystore.type", "PEM");
        props.put("http.tls.keystore.location", KEYS.path("server.pem").toString());
        props.put("http.tls.truststore.location", KEYS.path("trust.p12").toString());
        props.put("http.tls.truststore.password", TestKeyMaterial.PASSWORD);
        props.put("http.tls.client.auth", "required");
        props.put("headers.user", "kgate-user");
        props.put("access.grants", "cert:alice=write:tls-*,root=write:tls-*");
        props.put("kafka.bootstrap.servers", cluster.connect.kafka().bootstrapServers());
        for (String topic : List.of("tls-rest", "tls-socket")) {
            cluster.connect.kafka().createTopic(topic, 1);
        }
        cluster.connect.configureConnector("tls", props);
        cluster.connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("tls", 1, "connector did not start");
        TestUtils.waitForCondition(() -> {
            try {
                return send(KEYS.clientContext("alice"), HttpRequest.newBuilder(uri("https", "/monitoring/status")))
                        .statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        }, 30_000, "the HTTPS listener did not answer");
    }

    private static URI uri(String scheme, String path) {
        return URI.create(scheme + "://localhost:" + port + path);
    }

    private static HttpClient client(SSLContext context) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .sslContext(context).build();
    }

    private static HttpResponse<String> send(SSLContext context, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return client(context).send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> produce(String client, String topic, String body)
            throws IOException, InterruptedException {
        return send(KEYS.clientContext(client), HttpRequest.newBuilder(uri("https", GatewayCluster.singlePath(topic)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void aCertificateWritesWhereItsGrantSaysAndNowhereElse() throws Exception {
        HttpResponse<String> alice = produce("alice", "tls-rest", "{\"by\":\"alice\"}");
        assertEquals(200, alice.statusCode(), alice.body());
        HttpResponse<String> bob = produce("bob", "tls-rest", "{\"by\":\"bob\"}");
        assertEquals(403, bob.statusCode(), bob.body());
        assertTrue(bob.body().contains("'cert:bob' may not write"), bob.body());

        List<ConsumerRecord<byte[], byte[]>> landed = cluster.consumeAll("tls-rest");
        assertEquals(1, landed.size(), "only alice's record lands");
        assertEquals("{\"by\":\"alice\"}", new String(landed.get(0).value(), StandardCharsets.UTF_8));
        assertEquals("cert:alice", header(landed.get(0), "kgate-user"));
    }

    @Test
    void withoutACertificateFromTheTrustedAuthorityNoClientConnects() throws Exception {
        // No certificate, even with a user's credentials; then a self-signed one with alice's very subject.
        String root = "Basic " + Base64.getEncoder().encodeToString("root:memphis".getBytes());
        assertThrows(IOException.class, () -> send(KEYS.clientContext(null), HttpRequest.newBuilder(
                uri("https", GatewayCluster.singlePath("tls-rest"))).header("Authorization", root)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))));
        assertThrows(IOException.class, () -> produce("stranger", "tls-rest", "{\"by\":\"stranger\"}"));
        // And the port speaks nothing but TLS.
        assertThrows(IOException.class, () -> send(KEYS.clientContext("alice"),
                HttpRequest.newBuilder(uri("http", "/monitoring/status"))));
        assertTrue(cluster.landedValues("tls-rest").stream().noneMatch(v -> v.contains("stranger") || v.equals("{}")));
    }

    @Test
    void aCertificateIsAPrincipalOnWebSocketsToo() throws Exception {
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket.Listener collect = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                frames.add(data.toString());
                socket.request(1);
                return null;
            }
        };
        URI socketIn = uri("wss", "/socket/in?clientId=c&topic=tls-socket&valType=bytearray");
        CompletionException refused = assertThrows(CompletionException.class, () -> client(KEYS.clientContext("bob"))
                .newWebSocketBuilder().buildAsync(socketIn, collect).join());
        assertEquals(403, assertInstanceOf(WebSocketHandshakeException.class, refused.getCause()).getResponse()
                .statusCode());

        WebSocket alice = client(KEYS.clientContext("alice")).newWebSocketBuilder().buildAsync(socketIn, collect)
                .join();
        String value = Base64.getEncoder().encodeToString("over wss".getBytes(StandardCharsets.UTF_8));
        alice.sendText("{\"value\":{\"value\":\"" + value + "\"},\"messageId\":\"w1\"}", true).join();
        String result = frames.poll(30, TimeUnit.SECONDS);
        assertNotNull(result, "no result frame");
        assertTrue(result.contains("\"messageId\":\"w1\"") && result.contains("\"offset\""), result);
        alice.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();

        List<ConsumerRecord<byte[], byte[]>> landed = cluster.consumeAll("tls-socket");
        assertEquals(1, landed.size());
        assertEquals("over wss", new String(landed.get(0).value(), StandardCharsets.UTF_8));
        assertEquals("cert:alice", header(landed.get(0), "kgate-user"));
    }
}
