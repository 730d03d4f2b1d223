package dev.kgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.connect.config.HttpGatewayConfig;
import dev.kgate.http.listener.ListenerRegistry;
import dev.kgate.http.listener.ListenerSettings;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import org.apache.kafka.common.config.ConfigTransformer;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.common.config.provider.FileConfigProvider;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The HTTP ceiling of bench/run: a route that reads the body and answers 200 at once, on a listener opened the way a
 * task opens it ({@link ListenerRegistry#join} with the {@link ListenerSettings} the benchmark's connector config
 * gives: the same I/O threads, limits and, with {@code http.tls.enabled}, TLS), in a JVM of its own. What wrk
 * measures against it is the cost of HTTP itself on this machine: Undertow, the kernel's loopback and wrk.
 *
 * <p>Usage: {@code BareListener <connector config JSON> <port>}; {@code ${file:...}} references are resolved as the
 * worker resolves them. Prints "ready" once it listens, and runs until killed.
 */
public final class BareListener {

    /** About the size of the gateway's acknowledgement, so that both answers cost the same to send. */
    private static final byte[] ANSWER = ("{\"success\":true,\"error\":null,\"topic\":\"bench-single\",\"partition\":1,"
            + "\"offset\":1234567,\"timestamp\":1795474405384}").getBytes(StandardCharsets.US_ASCII);

    private BareListener() {
    }

    public static void main(String[] args) throws Exception {
        JsonNode connector = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        Map<String, String> raw = new HashMap<>();
        connector.get("config").properties().forEach(field -> raw.put(field.getKey(), field.getValue().asText()));
        raw.put("http.port", args[1]);
        ConfigProvider files = new FileConfigProvider();
        files.configure(Map.of());
        Map<String, String> resolved = new ConfigTransformer(Map.of("file", files)).transform(raw).data();
        ListenerSettings settings = new HttpGatewayConfig(resolved).listenerSettings();
        HttpHandler answerAtOnce = exchange -> exchange.getRequestReceiver().receiveFullBytes((done, body) -> {
            done.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            done.getResponseSender().send(ByteBuffer.wrap(ANSWER));
        });
        ListenerRegistry.join(settings, "bare-listener", answerAtOnce);
        System.out.println("ready on " + settings.describe() + " with " + settings.ioThreads() + " I/O threads");
        new CountDownLatch(1).await();
    }
}
