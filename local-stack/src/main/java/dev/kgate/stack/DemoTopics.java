package dev.kgate.stack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The topics the README's quickstart writes to. The gateway refuses topics that do not exist (topics.must.exist),
 * so the stack creates them, three partitions each, on first start.
 */
final class DemoTopics {

    static final List<String> NAMES = List.of("orders", "demo-validated", "demo-socket");

    private DemoTopics() {
    }

    static void ensure(int kafkaPort) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                "localhost:" + kafkaPort))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = NAMES.stream().filter(name -> !existing.contains(name))
                    .map(name -> new NewTopic(name, 3, (short) 1)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        }
    }
}
