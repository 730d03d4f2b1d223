package dev.kgate.bench.faults;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A broker and N distributed Connect workers, each a process of its own on this host, running the gateway connector
 * with {@code tasks.max} = {@value #TASKS} and one {@code http.port}; {@link #addWorker()} makes one more worker that
 * a scenario starts to join the running group. Separate worker processes on one host cannot all bind that
 * port on one address, so each worker gets its own loopback address (worker i: 127.0.0.(i+1)) in the environment
 * variable {@code KGATE_BIND_ADDRESS}, and the connector sets {@code http.bind.address=${env:KGATE_BIND_ADDRESS}}.
 * Connect keeps a config-provider reference unresolved in the task configs it stores and resolves it on the worker
 * that runs the task, so each task binds its own worker's address, as hosts in a real cluster would.
 */
final class FaultCluster implements AutoCloseable {

    static final String CONNECTOR = "kgate-faults";
    static final int KAFKA_PORT = 19092;
    /** The broker's second listener, advertised as the proxy's port: the workers' and the connector's way in. */
    private static final int PROXIED_PORT = 19094;
    private static final int PROXY_PORT = 19095;
    static final int GATEWAY_PORT = 14444;
    private static final int CONTROLLER_PORT = 19093;
    private static final int CONNECT_PORT_BASE = 18083;
    /**
     * One task more than the cluster's two workers: one worker runs two tasks (sharing its listener), so a third
     * worker joining takes a task over, and the two-task worker shows tasks sharing a port under every fault.
     */
    static final int TASKS = 3;

    private final StackProcess broker;
    private TcpProxy proxy;
    private final List<StackProcess> workers = new ArrayList<>();
    /** Each worker's gateway, at the same index as the worker. */
    private final List<URI> gateways = new ArrayList<>();
    private final LoadBalancer loadBalancer = new LoadBalancer();
    private final String java;
    private final String classpath;
    private final Path runDir;
    private final ConnectRest rest;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private int configGeneration;

    FaultCluster(int workerCount, Path runDir, String classpath) {
        this.java = ProcessHandle.current().info().command().orElse("java");
        this.classpath = classpath;
        this.runDir = runDir;
        List<String> brokerCommand = command(java, classpath, 0, "broker");
        brokerCommand.addAll(1, List.of("-Dkgate.kafka.proxied.port=" + PROXIED_PORT,
                "-Dkgate.kafka.proxied.advertised.port=" + PROXY_PORT));
        broker = new StackProcess("broker", brokerCommand, Map.of(), runDir.resolve("broker.log"));
        for (int i = 1; i <= workerCount; i++) {
            addWorker();
        }
        rest = new ConnectRest(URI.create("http://localhost:" + (CONNECT_PORT_BASE + 1)), CONNECTOR);
    }

    /** One more worker of the group, not started; worker i listens on 127.0.0.(i+1) and its REST API on 1808(3+i). */
    StackProcess addWorker() {
        int i = workers.size() + 1;
        String address = "127.0.0." + (i + 1);
        // Short rebalance delay: a dead worker's task moves after the session timeout plus 5 s, not 5 minutes.
        StackProcess worker = new StackProcess("worker-" + i, command(java, classpath, CONNECT_PORT_BASE + i,
                "worker", "group.id=kgate-faults", "scheduled.rebalance.max.delay.ms=5000",
                "bootstrap.servers=" + proxiedBootstrap(),
                "config.storage.topic=kgate-faults-configs", "offset.storage.topic=kgate-faults-offsets",
                "status.storage.topic=kgate-faults-status", "offset.flush.interval.ms=5000"),
                Map.of("KGATE_BIND_ADDRESS", address), runDir.resolve("worker-" + i + ".log"));
        workers.add(worker);
        gateways.add(URI.create("http://" + address + ":" + GATEWAY_PORT));
        return worker;
    }

    private static List<String> command(String java, String classpath, int connectPort, String... args) {
        List<String> command = new ArrayList<>(List.of(java, "-Xms256m", "-Xmx768m",
                "-Dkgate.stack.dir=" + System.getProperty("kgate.faults.stack.dir", ".faults-stack"),
                "-Dkgate.kafka.port=" + KAFKA_PORT, "-Dkgate.controller.port=" + CONTROLLER_PORT,
                "-Dkgate.connect.port=" + connectPort, "-cp", classpath, "dev.kgate.stack.StackPart"));
        command.addAll(List.of(args));
        return command;
    }

    void start() throws Exception {
        proxy = new TcpProxy(PROXY_PORT, new InetSocketAddress("localhost", PROXIED_PORT));
        broker.start();
        for (StackProcess worker : workers) {
            worker.start();
        }
        rest.putConfig(connectorConfig());
        awaitEveryGatewayReady(Duration.ofSeconds(120));
        gateways.forEach(loadBalancer::add);
    }

    StackProcess broker() {
        return broker;
    }

    /** The proxy in front of the broker's listener for the workers and the connector's Admin client. */
    TcpProxy proxy() {
        return proxy;
    }

    StackProcess worker(int index) {
        return workers.get(index);
    }

    URI gateway(int index) {
        return gateways.get(index);
    }

    /** What clients route by: every gateway of the starting cluster, and a worker's that a scenario adds. */
    LoadBalancer loadBalancer() {
        return loadBalancer;
    }

    ConnectRest rest() {
        return rest;
    }

    void createTopic(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** The broker's direct listener, for the suite's own Admin client and audit consumer: never cut off. */
    static String bootstrap() {
        return "localhost:" + KAFKA_PORT;
    }

    /** Through the proxy: the broker advertises the proxy's port on this listener, so metadata keeps clients on it. */
    static String proxiedBootstrap() {
        return "localhost:" + PROXY_PORT;
    }

    /** The connector's config; each call to {@link #updatedConfig()} changes a listener setting, as an operator might. */
    Map<String, String> connectorConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "dev.kgate.connect.HttpGatewaySourceConnector");
        config.put("tasks.max", String.valueOf(TASKS));
        config.put("http.port", String.valueOf(GATEWAY_PORT));
        config.put("http.bind.address", "${env:KGATE_BIND_ADDRESS}");
        config.put("http.idle.timeout.ms", String.valueOf(60_000 + configGeneration));
        config.put("kafka.bootstrap.servers", proxiedBootstrap());
        config.put("topics.allowed.regex", "faults-.*");
        config.put("auth.enabled", "false");
        config.put("access.anonymous.enabled", "true");
        config.put("out.topics.allowed.regex", "faults-.*");
        config.put("access.grants", "anonymous=write:faults-*,anonymous=read:faults-*,anonymous=group:faults-*");
        // A /socket/out reader's consumer on a killed worker stays in its group until its session times out, and
        // the reader reconnecting elsewhere is refused (409) until then: 10 s instead of the consumer's default 45 s.
        config.put("kafka.session.timeout.ms", "10000");
        config.put("ack.timeout.ms", "15000");
        // Every message carries an Idempotency-Key: keep a few minutes of them, more than the default 50,000.
        config.put("idempotency.window.ms", "300000");
        config.put("idempotency.max.keys", "500000");
        config.put("errors.tolerance", "all");
        config.put("key.converter", "dev.kgate.connect.convert.KafkaSerdeConverter");
        config.put("value.converter", "dev.kgate.connect.convert.KafkaSerdeConverter");
        config.put("producer.override.acks", "all");
        config.put("producer.override.enable.idempotence", "true");
        config.put("producer.override.max.in.flight.requests.per.connection", "5");
        config.put("producer.override.linger.ms", "0");
        config.put("producer.override.compression.type", "lz4");
        return config;
    }

    Map<String, String> updatedConfig() {
        configGeneration++;
        return connectorConfig();
    }

    /**
     * Every running worker's gateway answers GET /ready 200: a task runs there, polls, and Kafka answers. (For a
     * worker that just joined, that is also the proof that a task moved onto it.)
     */
    void awaitEveryGatewayReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < gateways.size(); i++) {
            URI gateway = gateways.get(i);
            while (workers.get(i).isAlive() && !ready(gateway)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The gateway at " + gateway + " is not ready after " + timeout
                            + "; connector status: " + rest.status());
                }
                Thread.sleep(250);
            }
        }
    }

    private boolean ready(URI gateway) throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/ready")).timeout(Duration.ofSeconds(2))
                    .GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        StackProcess.killAll();
        if (proxy != null) {
            proxy.close();
        }
    }
}
