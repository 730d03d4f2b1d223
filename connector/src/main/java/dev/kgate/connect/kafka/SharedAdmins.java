package dev.kgate.connect.kafka;

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
    private static final Map<Key, Shared> ADMINS = new HashMap<>();

    private record Key(String connector, Map<String, Object> props) {
    }

    private static final class Shared {
        final Admin admin;
        final AdminKafkaView view;
        int users;

        Shared(Admin admin) {
            this.admin = admin;
            this.view = new AdminKafkaView(admin);
        }
    }

    /** A task's use of the shared client; {@link #close()} releases it and is safe to call twice. */
    public static final class Lease implements AutoCloseable {
        private final Key key;
        private final Shared shared;
        private boolean released;

        private Lease(Key key, Shared shared) {
            this.key = key;
            this.shared = shared;
        }

        public AdminKafkaView view() {
            return shared.view;
        }

        public Admin admin() {
            return shared.admin;
        }

        @Override
        public void close() {
            release(this);
        }
    }

    private SharedAdmins() {
    }

    public static Lease acquire(String connector, Map<String, Object> clientProps) {
        Key key = new Key(connector, Map.copyOf(clientProps));
        synchronized (ADMINS) {
            Shared shared = ADMINS.computeIfAbsent(key, k -> new Shared(create(connector, clientProps)));
            shared.users++;
            return new Lease(key, shared);
        }
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

    private static void release(Lease lease) {
        Shared toClose = null;
        synchronized (ADMINS) {
            if (lease.released) {
                return;
            }
            lease.released = true;
            if (--lease.shared.users == 0) {
                ADMINS.remove(lease.key, lease.shared);
                toClose = lease.shared;
            }
        }
        if (toClose != null) {
            toClose.admin.close(Duration.ofSeconds(5));
        }
    }
}
