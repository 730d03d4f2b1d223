package dev.kgate.connect.config;

import dev.kgate.http.listener.ListenerRegistry;
import dev.kgate.http.listener.ListenerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The listener serves HTTPS with the configured key store, and a client that trusts that certificate gets in. */
class TlsListenerTest {

    @Test
    void servesHttpsFromTheConfiguredKeyStore(@TempDir Path dir) throws Exception {
        Path keyStore = dir.resolve("gateway.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "gateway", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes()));

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> props = new HashMap<>();
        props.put("topics.allowed", "t");
        props.put("kafka.bootstrap.servers", "localhost:9092");
        props.put("http.port", String.valueOf(port));
        props.put("http.bind.address", "127.0.0.1");
        props.put("http.tls.enabled", "true");
        props.put("http.tls.keystore.path", keyStore.toString());
        props.put("http.tls.keystore.password", "changeit");
        ListenerSettings settings = new HttpGatewayConfig(props).listenerSettings();
        assertTrue(settings.tls());

        try (ListenerRegistry.Membership ignored = ListenerRegistry.join(settings, "tls", exchange ->
                exchange.getResponseSender().send("secure"))) {
            HttpsURLConnection connection = (HttpsURLConnection) URI.create("https://localhost:" + port + "/")
                    .toURL().openConnection();
            connection.setSSLSocketFactory(trusting(keyStore).getSocketFactory());
            try (InputStream in = connection.getInputStream()) {
                assertEquals(200, connection.getResponseCode());
                assertEquals("secure", new String(in.readAllBytes()));
            }
        }
    }

    private static SSLContext trusting(Path keyStorePath) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStorePath)) {
            store.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
