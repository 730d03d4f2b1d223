package dev.kgate.stack;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * One piece of the local stack in a process of its own, so that a fault-injection run ({@code bench/faults}) can
 * kill or stop it alone: {@code broker} (the KRaft node, data in {@code kgate.stack.dir}; with {@code
 * kgate.kafka.proxied.port} and {@code kgate.kafka.proxied.advertised.port} a second listener that advertises a
 * proxy's port) or {@code worker
 * [key=value ...]} (a distributed Connect worker joining the broker on {@code kgate.kafka.port}, its REST API on
 * {@code kgate.connect.port}; each key=value replaces a worker property). No connector is created: the caller does
 * that through the REST API. SIGTERM stops the piece gracefully; it prints "ready" once started.
 */
public final class StackPart {

    private StackPart() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("broker") || args[0].equals("worker"))) {
            throw new IllegalArgumentException("usage: StackPart broker | worker [key=value ...]");
        }
        StackPorts ports = StackPorts.fromSystemProperties();
        Runnable stop;
        if (args[0].equals("broker")) {
            LocalKafka kafka = LocalKafka.start(Path.of(System.getProperty("kgate.stack.dir", ".local-stack"))
                    .resolve("kafka"), ports);
            stop = kafka::stop;
        } else {
            Path pluginPath = Path.of(System.getProperty("kgate.plugin.path",
                    "connector/target/kgate-connector-plugin"));
            LocalConnect connect = LocalConnect.start(pluginPath, ports, overrides(args));
            stop = connect::stop;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LocalStack.stopWithin(stop, args[0]);
            stopped.countDown();
            Runtime.getRuntime().halt(0);
        }, "stack-part-shutdown"));
        System.out.println(args[0] + " ready");
        stopped.await();
    }

    private static Map<String, String> overrides(String[] args) {
        Map<String, String> overrides = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("not a key=value worker property: " + args[i]);
            }
            overrides.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        return overrides;
    }
}
