package dev.kgate.stack;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A KRaft broker, a Connect worker and the gateway connector in one JVM, no Docker: {@code bin/local-stack}.
 * Data stays in {@code .local-stack/} so a second start keeps the topics; Ctrl-C stops everything cleanly.
 */
public final class LocalStack {

    private static final long STOP_TIMEOUT_SECONDS = 30;
    private static final String WORKER_PREFIX = "kgate.worker.";

    private LocalStack() {
    }

    /** Connect's REST server can wait on a hung request thread for ever; the stack does not wait with it. */
    static void stopWithin(Runnable stop, String what) {
        Thread stopper = new Thread(stop, "stop " + what);
        stopper.setDaemon(true);
        stopper.start();
        try {
            stopper.join(STOP_TIMEOUT_SECONDS * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopper.isAlive()) {
            System.out.println("Gave up waiting for " + what + " to stop after " + STOP_TIMEOUT_SECONDS + " s");
        }
    }

    /** Worker properties from {@code -Dkgate.worker.<key>=<value>} (bench/run shortens the metrics window so). */
    static Map<String, String> workerOverrides() {
        Map<String, String> overrides = new HashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(WORKER_PREFIX)) {
                overrides.put(name.substring(WORKER_PREFIX.length()), System.getProperty(name));
            }
        }
        return overrides;
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("kgate.stack.dir", ".local-stack"));
        Path pluginPath = Path.of(System.getProperty("kgate.plugin.path", "connector/target/kgate-connector-plugin"));
        Path connectorFile = Path.of(args.length > 0 ? args[0] : "config/local-stack-connector.json");
        StackPorts ports = StackPorts.fromSystemProperties();
        if (!Files.isDirectory(pluginPath)) {
            throw new IllegalStateException("No plugin folder at " + pluginPath.toAbsolutePath()
                    + ": build it with `./mvnw -DskipTests package` first (bin/local-stack does)");
        }

        long start = System.nanoTime();
        LocalKafka kafka = LocalKafka.start(home.resolve("kafka"), ports);
        DemoTopics.ensure(ports.kafka());
        LocalConnect connect = LocalConnect.start(pluginPath, ports, workerOverrides());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the Connect worker and the broker...");
            // Connect's own shutdown hook stops the worker too; this waits for it, bounded.
            stopWithin(connect::stop, "the Connect worker");
            stopWithin(kafka::stop, "the broker");
            System.out.println("Stopped. Data kept in " + home.toAbsolutePath());
            stopped.countDown();
            // A worker thread that outlived its bound would keep the JVM alive; the broker is already closed cleanly.
            Runtime.getRuntime().halt(0);
        }, "local-stack-shutdown"));

        URI connectUrl = URI.create("http://localhost:" + ports.connect());
        URI gatewayUrl = URI.create("http://localhost:" + ports.gateway());
        ConnectorDeployer deployer = new ConnectorDeployer(connectUrl);
        String name = deployer.deploy(connectorFile, ports);
        deployer.awaitListener(name, gatewayUrl);

        System.out.printf("""

                kgate local stack ready in %.1f s (data in %s)
                  Kafka bootstrap   localhost:%d
                  Connect REST      %s   (connector '%s': %s/connectors/%s/status)
                  Gateway           %s
                  Console           %s/console/   (in a browser: log in as root / memphis)

                Log in, then post a message:
                  JWT=$(curl -s -X POST %s/auth/authenticate -H 'Content-Type: application/json' \\
                        --data-raw '{"username":"root","connection_token":"memphis"}' | sed -E 's/.*"jwt":"([^"]+)".*/\\1/')
                  curl -s -X POST %s/stations/orders/produce/single -H "Authorization: Bearer $JWT" \\
                       -H 'Content-Type: application/json' --data-raw '{"message": "New Message"}'

                Ctrl-C stops the stack.
                """, (System.nanoTime() - start) / 1e9, home.toAbsolutePath(), ports.kafka(), connectUrl, name,
                connectUrl, name, gatewayUrl, gatewayUrl, gatewayUrl, gatewayUrl);
        stopped.await();
    }
}
