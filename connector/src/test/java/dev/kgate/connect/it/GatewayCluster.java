package dev.kgate.connect.it;

import dev.kgate.connect.HttpGatewaySourceConnector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A real KRaft broker and Connect worker(s) in this JVM, with helpers to post to the gateway and read topics. The
 * workers load the connector as a real worker does: from the plugin folder {@code mvn package} built, found through
 * {@code plugin.path}, in a class loader of its own (see {@link #PLUGIN_FOLDER}).
 */
final class GatewayCluster implements AutoCloseable {

    /**
     * The plain plugin folder ({@code kgate-connector/} with {@code lib/}); failsafe runs after {@code package} and
     * names it. The failsafe classpath has the connector's classes without their Connect service registrations, so
     * Connect finds the connector only here: at equal versions it would prefer a classpath copy.
     */
    static final Path PLUGIN_FOLDER = pluginFolder();

    final EmbeddedConnectCluster connect;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    GatewayCluster(int workers) {
        this(workers, new Properties(), Map.of());
    }

    /**
     * @param brokerProps broker settings on top of the harness's (a SASL listener, say)
     * @param clientProps security settings of every client: the harness's own, and the workers' (also as their
     *                    producer., consumer. and admin. settings)
     */
    GatewayCluster(int workers, Properties brokerProps, Map<String, String> clientProps) {
        this(workers, brokerProps, clientProps, Map.of());
    }

    /** @param workerSettings worker settings on top of the others (the worker's converters, say) */
    GatewayCluster(int workers, Properties brokerProps, Map<String, String> clientProps,
                   Map<String, String> workerSettings) {
        Map<String, String> workerProps = new HashMap<>();
        workerProps.put("plugin.discovery", "service_load");
        workerProps.put("plugin.path", PLUGIN_FOLDER.getParent().toString());
        // A stopped worker's tasks move to the others after this delay instead of the default five minutes.
        workerProps.put("scheduled.rebalance.max.delay.ms", "2000");
        workerProps.put("offset.flush.interval.ms", "1000");
        clientProps.forEach((key, value) -> {
            workerProps.put(key, value);
            for (String prefix : new String[]{"producer.", "consumer.", "admin."}) {
                workerProps.put(prefix + key, value);
            }
        });
        workerProps.putAll(workerSettings);
        connect = new EmbeddedConnectCluster.Builder()
                .name("kgate-it-" + System.nanoTime())
                .numWorkers(workers)
                .numBrokers(1)
                .brokerProps(brokerProps)
                .clientProps(clientProps)
                .workerProps(workerProps)
                .build();
        connect.start();
    }

    private static Path pluginFolder() {
        String folder = System.getProperty("kgate.plugin.folder");
        if (folder == null) {
            throw new IllegalStateException("kgate.plugin.folder is not set: run the integration tests through Maven");
        }
        Path path = Path.of(folder).toAbsolutePath().normalize();
        if (!Files.isDirectory(path.resolve("lib"))) {
            throw new IllegalStateException(path + " has no lib/: run the package phase first");
        }
        return path;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A connector config with byte-for-byte converters, on its own port, writing where {@code topicsRegex} lets. */
    static Map<String, String> connectorConfig(int port, int tasks, String topicsRegex) {
        Map<String, String> props = new HashMap<>();
        props.put("connector.class", HttpGatewaySourceConnector.class.getName());
        props.put("tasks.max", String.valueOf(tasks));
        // A record Kafka refuses is answered to its own client instead of failing the task (the connector requires it).
        props.put("errors.tolerance", "all");
        props.put("http.port", String.valueOf(port));
        props.put("http.bind.address", "127.0.0.1");
        props.put("topics.allowed.regex", topicsRegex);
        props.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        props.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        props.put("producer.override.max.in.flight.requests.per.connection", "5");
        props.put("ack.timeout.ms", "10000");
        // Authentication and permissions have their own tests; the others post without credentials, and whoever
        // asks may do everything the topic policies allow.
        props.put("auth.enabled", "false");
        props.put("access.anonymous.enabled", "true");
        props.put("access.grants", "*=write:*,*=read:*,*=group:*,*=describe:cluster,anonymous=write:*,"
                + "anonymous=read:*,anonymous=group:*,anonymous=describe:cluster");
        return props;
    }

    /** Turns authentication on, with the seed's user {@code root:memphis} and no anonymous access. */
    static Map<String, String> withSeedUser(Map<String, String> props) {
        props.put("auth.enabled", "true");
        props.put("access.anonymous.enabled", "false");
        props.put("auth.users", "root:memphis");
        props.put("auth.jwt.secret", "it-secret-0123456789-0123456789-0123456789");
        return props;
    }

    /** Starts the connector on this cluster; its Admin client is pointed at this cluster's broker. */
    void startConnector(String name, Map<String, String> props, int tasks) throws InterruptedException {
        props.putIfAbsent("kafka.bootstrap.servers", connect.kafka().bootstrapServers());
        connect.configureConnector(name, props);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, tasks, "connector did not start");
        awaitListener(Integer.parseInt(props.get("http.port")));
    }

    void awaitListener(int port) throws InterruptedException {
        TestUtils.waitForCondition(() -> {
            try {
                return get(port, "/monitoring/status").statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        }, 30_000, "listener on port " + port + " did not answer");
    }

    HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(port, path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(int port, String path, String contentType, String body)
            throws IOException, InterruptedException {
        return postAsync(port, path, contentType, body.getBytes(StandardCharsets.UTF_8)).join();
    }

    CompletableFuture<HttpResponse<String>> postAsync(int port, String path, String contentType, byte[] body) {
        return http.sendAsync(postRequest(port, path, contentType, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST to build on, e.g. with more headers; {@code contentType} may be null for none. */
    static HttpRequest.Builder postRequest(int port, String path, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(port, path))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        return contentType == null ? request : request.header("Content-Type", contentType);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The REST gateway's single-message route for a topic. */
    static String singlePath(String topic) {
        return "/stations/" + topic + "/produce/single";
    }

    /** The values of every record in the topic now, in offset order (one partition), as UTF-8 strings. */
    List<String> landedInOrder(String topic) throws Exception {
        return consumeAll(topic).stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    /** The values of every record in the topic now, as UTF-8 strings. */
    Set<String> landedValues(String topic) throws Exception {
        Set<String> values = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : consumeAll(topic)) {
            values.add(new String(record.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    /** Every record in the topic now, read from the beginning up to the end offsets. */
    List<ConsumerRecord<byte[], byte[]>> consumeAll(String topic) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        connect.kafka().consumeAll(30_000, topic).forEach(out::add);
        return out;
    }

    @Override
    public void close() {
        connect.stop();
    }
}
