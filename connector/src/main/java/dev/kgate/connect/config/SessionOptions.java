package dev.kgate.connect.config;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

import java.util.Map;

/** The WebSocket proxy's client sessions, held across all workers of the connector in a topic of its own. */
final class SessionOptions {

    static final String SESSIONS_GROUP = "WebSocket client sessions";

    static final String SESSIONS_ENABLED_CONFIG = "sessions.enabled";
    private static final String SESSIONS_ENABLED_DOC = "Track WebSocket client sessions across every worker of the"
            + " connector (the proxy's producer sessions): a second /socket/in of a clientId needs its own"
            + " instanceId, a duplicate (clientId, instanceId) is refused 409, sessions.max.connections.per.client"
            + " holds, and one /socket/out per clientId in a group; two sockets racing on two workers cannot both"
            + " get in. Kept in the compacted topic sessions.topic.";
    private static final String SESSIONS_ENABLED_DISPLAY = "Client sessions";

    static final String SESSIONS_TOPIC_CONFIG = "sessions.topic";
    private static final String SESSIONS_TOPIC_DOC = "The compacted topic of the sessions, created with one partition"
            + " when missing; empty for kgate-sessions-<connector name>. No client may read or write it.";
    private static final String SESSIONS_TOPIC_DISPLAY = "Sessions topic";

    static final String SESSIONS_MAX_PER_CLIENT_CONFIG = "sessions.max.connections.per.client";
    private static final String SESSIONS_MAX_PER_CLIENT_DOC = "/socket/in sockets one clientId may hold at once"
            + " across all workers; beyond, 409. 0 for no limit.";
    private static final String SESSIONS_MAX_PER_CLIENT_DISPLAY = "Sockets per client";

    static final String SESSIONS_TTL_MS_CONFIG = "sessions.ttl.ms";
    private static final String SESSIONS_TTL_MS_DOC = "A worker renews its sessions every third of this; the sessions"
            + " of a worker that died without giving them back expire after it, and their clients may reconnect.";
    private static final String SESSIONS_TTL_MS_DISPLAY = "Session time to live (ms)";

    private SessionOptions() {
    }

    static void define(ConfigDef def) {
        int order = 0;
        def.define(SESSIONS_ENABLED_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM, SESSIONS_ENABLED_DOC,
                        SESSIONS_GROUP, ++order, Width.SHORT, SESSIONS_ENABLED_DISPLAY)
                .define(SESSIONS_TOPIC_CONFIG, Type.STRING, "", Importance.LOW, SESSIONS_TOPIC_DOC, SESSIONS_GROUP,
                        ++order, Width.MEDIUM, SESSIONS_TOPIC_DISPLAY)
                .define(SESSIONS_MAX_PER_CLIENT_CONFIG, Type.INT, 0, Range.atLeast(0), Importance.LOW,
                        SESSIONS_MAX_PER_CLIENT_DOC, SESSIONS_GROUP, ++order, Width.SHORT,
                        SESSIONS_MAX_PER_CLIENT_DISPLAY)
                .define(SESSIONS_TTL_MS_CONFIG, Type.LONG, 30_000L, Range.atLeast(3_000), Importance.LOW,
                        SESSIONS_TTL_MS_DOC, SESSIONS_GROUP, ++order, Width.SHORT, SESSIONS_TTL_MS_DISPLAY);
    }

    /** The configured topic, or one named after the connector with what Kafka's names cannot hold replaced. */
    static String topic(AbstractConfig config, Map<String, ?> originals) {
        String configured = config.getString(SESSIONS_TOPIC_CONFIG).trim();
        if (!configured.isEmpty()) {
            return configured;
        }
        Object name = originals.get("name");
        String connector = name == null ? "gateway" : name.toString().replaceAll("[^A-Za-z0-9._-]", "_");
        String topic = "kgate-sessions-" + connector;
        return topic.length() > 249 ? topic.substring(0, 249) : topic;
    }
}
