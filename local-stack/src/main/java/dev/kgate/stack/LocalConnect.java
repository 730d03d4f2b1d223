package dev.kgate.stack;

import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** A Connect worker in distributed mode that loads the connector from the assembled plugin folder. */
final class LocalConnect {

    private final Connect<?> connect;

    private LocalConnect(Connect<?> connect) {
        this.connect = connect;
    }

    /** @param pluginPath the folder that holds the plugin folder, so the plugin gets its own class loader */
    static LocalConnect start(Path pluginPath, StackPorts ports) {
        return start(pluginPath, ports, Map.of());
    }

    /** @param overrides worker properties that replace or add to the local stack's (a separate worker's settings) */
    static LocalConnect start(Path pluginPath, StackPorts ports, Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", "localhost:" + ports.kafka());
        props.put("group.id", "kgate-local-stack");
        props.put("listeners", "http://localhost:" + ports.connect());
        props.put("plugin.path", pluginPath.toAbsolutePath().toString());
        props.put("plugin.discovery", "service_load");
        props.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        props.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        props.put("config.storage.topic", "kgate-local-configs");
        props.put("offset.storage.topic", "kgate-local-offsets");
        props.put("status.storage.topic", "kgate-local-status");
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        props.put("offset.flush.interval.ms", "10000");
        // Secrets come through config providers, as in a real deployment: the connector config holds references,
        // so Connect's REST API never shows them (${file:<path>:<key>} and ${env:<VARIABLE>}).
        props.put("config.providers", "file,env");
        props.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        props.put("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        props.putAll(overrides);
        return new LocalConnect(new ConnectDistributed().startConnect(props));
    }

    void stop() {
        connect.stop();
        connect.awaitStop();
        // When Connect's own shutdown hook got there first, stop() and awaitStop() return at once, while the hook still
        // stops the tasks: the herder's thread ends only after it stopped them, so wait for it (a JVM halted before
        // that cuts the gateway's answers off).
        Future<?> herder = connect.herderTask();
        if (herder != null) {
            try {
                herder.get();
            } catch (ExecutionException e) {
                // The herder ended by failing: stopped all the same.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
