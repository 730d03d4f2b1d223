package dev.kgate.connect.kafka;

import dev.kgate.connect.util.SharedByKey;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One Admin client per connector and client settings on this worker, shared by the connector's tasks the way they
 * share the listener: the first task creates it, the last one to leave closes it. Never one per request.
 */
public final class SharedAdmins {

    private static final Logger log = LoggerFactory.getLogger(SharedAdmins.class);
    private static final SharedByKey<Key, AdminKafkaView> ADMINS =
            new SharedByKey<>(view -> view.admin().close(Duration.ofSeconds(5)));

    private record Key(String connector, Map<String, Object> props) {
    }

    /** A task's use of the shared client; {@link #close()} releases it and is safe to call twice. */
    public static final class Lease implements AutoCloseable {
        private final SharedByKey<Key, AdminKafkaView>.Lease shared;

        private Lease(SharedByKey<Key, AdminKafkaView>.Lease shared) {
            this.shared = shared;
        }

        public AdminKafkaView view() {
            return shared.value();
        }

        public Admin admin() {
            return shared.value().admin();
        }

        @Override
        public void close() {
            shared.close();
        }
    }

    private SharedAdmins() {
    }

    public static Lease acquire(String connector, Map<String, Object> clientProps) {
        return new Lease(ADMINS.acquire(new Key(connector, Map.copyOf(clientProps)),
                () -> new AdminKafkaView(create(connector, clientProps))));
    }

    private static Admin create(String connector, Map<String, Object> clientProps) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "kgate-" + connector + "-admin");
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, AdminKafkaView.REQUEST_TIMEOUT_MS);
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, AdminKafkaView.REQUEST_TIMEOUT_MS);
        log.info("Connector '{}' opens its Admin client to {}", connector,
                props.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        return Admin.create(props);
    }
}
