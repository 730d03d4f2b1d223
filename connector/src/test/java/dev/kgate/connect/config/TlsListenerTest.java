package dev.kgate.connect.config;

import dev.kgate.connect.testing.TestKeyMaterial;
import dev.kgate.http.access.ApiKeys;
import dev.kgate.http.access.Authenticator;
import dev.kgate.http.access.Principal;
import dev.kgate.http.listener.ListenerRegistry;
import dev.kgate.http.pipeline.Refusal;
import io.undertow.server.HttpHandler;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The listener as the config builds it, on a real port: HTTPS from each kind of key store and nothing else, only the
 * configured protocols, and client certificates that name principals (the route answers with the principal that
 * {@link Authenticator} finds).
 */
class TlsListenerTest {

    private static final TestKeyMaterial KEYS = TestKeyMaterial.shared();
    private static final String[] KEY = ApiKeys.generate("etl");

    private static Map<String, String> props(int port) {
        Map<String, String> props = new HashMap<>();
        props.put("topics.allowed", "t");
        props.put("kafka.bootstrap.servers", "localhost:9092");
        props.put("http.port", String.valueOf(port));
        props.put("http.bind.address", "127.0.0.1");
        props.put("http.tls.enabled", "true");
        props.put("http.tls.keystore.location", KEYS.path("server.p12").toString());
        props.put("http.tls.keystore.password", TestKeyMaterial.PASSWORD);
        props.put("auth.api.keys", KEY[1]);
        props.put("access.grants", "*=write:t");
        return props;
    }

    private static Map<String, String> mutual(int port, String clientAuth) {
        Map<String, String> props = props(port);
        props.put("http.tls.client.auth", clientAuth);
        props.put("http.tls.truststore.type", "PEM");
        props.put("http.tls.truststore.location", KEYS.path("ca.pem").toString());
        return props;
    }

    /** Answers with the name of the request's principal, or the refusal's status and message. */
    private static ListenerRegistry.Membership whoAmI(Map<String, String> props) {
        HttpGatewayConfig config = new HttpGatewayConfig(props);
        Authenticator authenticator = new Authenticator(null, null, config.accessSettings());
        HttpHandler handler = exchange -> {
            try {
                Principal principal = authenticator.authenticate(exchange).toCompletableFuture().join();
                exchange.getResponseSender().send(principal.name());
            } catch (CompletionException e) {
                Refusal refusal = (Refusal) e.getCause();
                exchange.setStatusCode(refusal.status());
                exchange.getResponseSender().send(refusal.getMessage());
            }
        };
        return ListenerRegistry.join(config.listenerSettings(), "tls-" + props.get("http.port"), handler);
    }

    private static HttpResponse<String> get(SSLContext context, String url, String... headers)
            throws IOException, InterruptedException {
        return get(context, null, url, headers);
    }

    private static HttpResponse<String> get(SSLContext context, String[] protocols, String url, String... headers)
            throws IOException, InterruptedException {
        HttpClient.Builder client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).sslContext(context);
        if (protocols != null) {
            client.sslParameters(new SSLParameters(null, protocols));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.build().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void servesHttpsFromPkcs12AndPemAndNothingInPlainHttp() throws Exception {
        Map<String, Map<String, String>> forms = new HashMap<>();
        int pkcs12 = freePort();
        forms.put("pkcs12", props(pkcs12));
        int pem = freePort();
        Map<String, String> inlinePem = props(pem);
        inlinePem.remove("http.tls.keystore.location");
        inlinePem.remove("http.tls.keystore.password");
        inlinePem.put("http.tls.keystore.type", "PEM");
        inlinePem.put("http.tls.keystore.certificate.chain", KEYS.text("server.chain.pem"));
        inlinePem.put("http.tls.keystore.key", KEYS.text("server.enc-key.pem"));
        inlinePem.put("http.tls.key.password", TestKeyMaterial.PASSWORD);
        forms.put("pem", inlinePem);
        for (Map.Entry<String, Map<String, String>> form : forms.entrySet()) {
            String port = form.getValue().get("http.port");
            try (ListenerRegistry.Membership ignored = whoAmI(form.getValue())) {
                HttpResponse<String> response = get(KEYS.clientContext(null), "https://localhost:" + port + "/",
                        "Authorization", "Bearer " + KEY[0]);
                assertEquals(200, response.statusCode(), form.getKey());
                assertEquals("etl", response.body(), form.getKey());
                // TLS only: a plain-HTTP request to the port gets no HTTP answer at all.
                assertThrows(IOException.class, () -> get(KEYS.clientContext(null), "http://localhost:" + port + "/"),
                        form.getKey());
            }
        }
    }

    @Test
    void aProtocolTheListenerIsNotConfiguredForIsRefused() throws Exception {
        int port = freePort();
        Map<String, String> props = props(port);
        props.put("http.tls.enabled.protocols", "TLSv1.3");
        try (ListenerRegistry.Membership ignored = whoAmI(props)) {
            String url = "https://localhost:" + port + "/";
            assertThrows(IOException.class, () -> get(KEYS.clientContext(null), new String[]{"TLSv1.2"}, url));
            assertEquals(200, get(KEYS.clientContext(null), new String[]{"TLSv1.3"}, url,
                    "Authorization", "Bearer " + KEY[0]).statusCode());
        }
    }

    @Test
    void requiredClientCertificatesKeepOutClientsWithoutOneFromTheTrustedAuthority() throws Exception {
        int port = freePort();
        try (ListenerRegistry.Membership ignored = whoAmI(mutual(port, "required"))) {
            String url = "https://localhost:" + port + "/";
            assertThrows(IOException.class, () -> get(KEYS.clientContext(null), url));
            // Self-signed, with the subject of a real client: the trust store does not vouch for it.
            assertThrows(IOException.class, () -> get(KEYS.clientContext("stranger"), url));
            HttpResponse<String> alice = get(KEYS.clientContext("alice"), url);
            assertEquals(200, alice.statusCode(), alice.body());
            assertEquals("cert:alice", alice.body());
        }
    }

    @Test
    void requestedClientCertificatesNameThePrincipalWhenNoOtherCredentialsDo() throws Exception {
        int port = freePort();
        Map<String, String> props = mutual(port, "requested");
        props.put("http.tls.principal.mapping.rules", "RULE:^CN=([^,]*),OU=clients,.*$/client-$1/U,CN");
        try (ListenerRegistry.Membership ignored = whoAmI(props)) {
            String url = "https://localhost:" + port + "/";
            assertEquals("cert:CLIENT-ALICE", get(KEYS.clientContext("alice"), url).body());
            assertEquals("cert:CLIENT-BOB", get(KEYS.clientContext("bob"), url).body());
            // Credentials sent with the request win over the connection's certificate.
            assertEquals("etl", get(KEYS.clientContext("alice"), url, "Authorization", "Bearer " + KEY[0]).body());
            HttpResponse<String> none = get(KEYS.clientContext(null), url);
            assertEquals(401, none.statusCode(), none.body());
            assertEquals(200, get(KEYS.clientContext(null), url, "Authorization", "Bearer " + KEY[0]).statusCode());
        }
    }

    @Test
    void aCertificateNoRuleNamesIsRefused() throws Exception {
        int port = freePort();
        Map<String, String> props = mutual(port, "requested");
        props.put("http.tls.principal.mapping.rules", "RULE:^CN=([^,]*),OU=services,.*$/$1/");
        props.put("access.anonymous.enabled", "true");
        try (ListenerRegistry.Membership ignored = whoAmI(props)) {
            String url = "https://localhost:" + port + "/";
            HttpResponse<String> alice = get(KEYS.clientContext("alice"), url);
            assertEquals(401, alice.statusCode(), alice.body());
            assertEquals("anonymous", get(KEYS.clientContext(null), url).body());
        }
    }
}
