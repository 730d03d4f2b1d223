package dev.kgate.http;

import dev.kgate.http.access.AccessSettings;
import dev.kgate.http.auth.AuthSettings;
import dev.kgate.http.cluster.KafkaView;
import dev.kgate.http.metrics.GatewayMetrics;
import dev.kgate.http.pipeline.CorsPolicy;
import dev.kgate.http.rest.IngestSettings;
import dev.kgate.http.topic.TopicPolicy;
import dev.kgate.http.ws.InSocketSettings;
import dev.kgate.http.ws.SocketSessions;
import dev.kgate.http.ws.out.TopicReaders;
import dev.kgate.http.ws.wire.SocketTimeouts;

/**
 * Everything one task's routes need.
 *
 * @param auth null to switch users and tokens off
 * @param access who gets in besides users (API keys, anonymous requests) and what each principal may do
 * @param socketMaxInFlight unanswered messages per {@code /socket/in} socket before the server stops reading
 * @param bytesOnly which of key and value the connector's converters can write only as bytes
 * @param readable the topics {@code /socket/out} may read
 * @param readers opens a Kafka consumer per {@code /socket/out} socket
 * @param socketTimeouts how long a WebSocket may stay silent or leave a message unfinished
 * @param outMaxSockets {@code /socket/out} sockets this worker may hold for the plugin; beyond, 503
 * @param inMaxSockets {@code /socket/in} sockets this worker may hold for the plugin; beyond, 503
 * @param cors which browser origins may call, and what they may send and read
 * @param sessions the WebSocket clients' sessions across the connector's workers
 * @param accessLog whether each request gets a line on the access logger
 * @param metrics where requests, refusals and sockets are counted
 * @param console whether the listener serves the console page, {@code /console/}, and lets its origin in
 */
public record GatewaySettings(IngestSettings ingest, AuthSettings auth, AccessSettings access, KafkaView kafka,
                              int socketMaxInFlight, InSocketSettings.BytesOnly bytesOnly, TopicPolicy readable,
                              TopicReaders readers, SocketTimeouts socketTimeouts, int outMaxSockets,
                              int inMaxSockets, CorsPolicy cors, SocketSessions sessions, boolean accessLog,
                              GatewayMetrics metrics, boolean console) {

    public static final int OUT_MAX_SOCKETS_DEFAULT = 1_000;
    public static final int IN_MAX_SOCKETS_DEFAULT = 10_000;

    /** With the default cap on readers, and no browser origin allowed. */
    public GatewaySettings(IngestSettings ingest, AuthSettings auth, AccessSettings access, KafkaView kafka,
                           int socketMaxInFlight, InSocketSettings.BytesOnly bytesOnly, TopicPolicy readable,
                           TopicReaders readers, SocketTimeouts socketTimeouts) {
        this(ingest, auth, access, kafka, socketMaxInFlight, bytesOnly, readable, readers, socketTimeouts,
                OUT_MAX_SOCKETS_DEFAULT, IN_MAX_SOCKETS_DEFAULT, CorsPolicy.NO_ORIGINS, SocketSessions.NONE, false,
                GatewayMetrics.NONE, false);
    }

    /** With the default WebSocket timeouts and cap on readers, and no browser origin allowed. */
    public GatewaySettings(IngestSettings ingest, AuthSettings auth, AccessSettings access, KafkaView kafka,
                           int socketMaxInFlight, InSocketSettings.BytesOnly bytesOnly, TopicPolicy readable,
                           TopicReaders readers) {
        this(ingest, auth, access, kafka, socketMaxInFlight, bytesOnly, readable, readers, SocketTimeouts.DEFAULTS);
    }

    public GatewaySettings withCors(CorsPolicy cors) {
        return new GatewaySettings(ingest, auth, access, kafka, socketMaxInFlight, bytesOnly, readable, readers,
                socketTimeouts, outMaxSockets, inMaxSockets, cors, sessions, accessLog, metrics, console);
    }

    public GatewaySettings withOutMaxSockets(int outMaxSockets) {
        return new GatewaySettings(ingest, auth, access, kafka, socketMaxInFlight, bytesOnly, readable, readers,
                socketTimeouts, outMaxSockets, inMaxSockets, cors, sessions, accessLog, metrics, console);
    }

    public GatewaySettings withInMaxSockets(int inMaxSockets) {
        return new GatewaySettings(ingest, auth, access, kafka, socketMaxInFlight, bytesOnly, readable, readers,
                socketTimeouts, outMaxSockets, inMaxSockets, cors, sessions, accessLog, metrics, console);
    }

    public GatewaySettings withSessions(SocketSessions sessions) {
        return new GatewaySettings(ingest, auth, access, kafka, socketMaxInFlight, bytesOnly, readable, readers,
                socketTimeouts, outMaxSockets, inMaxSockets, cors, sessions, accessLog, metrics, console);
    }

    public GatewaySettings withAccessLog(boolean accessLog) {
        return new GatewaySettings(ingest, auth, access, kafka, socketMaxInFlight, bytesOnly, readable, readers,
                socketTimeouts, outMaxSockets, inMaxSockets, cors, sessions, accessLog, metrics, console);
    }

    public GatewaySettings withMetrics(GatewayMetrics metrics) {
        return new GatewaySettings(ingest, auth, access, kafka, socketMaxInFlight, bytesOnly, readable, readers,
                socketTimeouts, outMaxSockets, inMaxSockets, cors, sessions, accessLog, metrics, console);
    }

    public GatewaySettings withConsole(boolean console) {
        return new GatewaySettings(ingest, auth, access, kafka, socketMaxInFlight, bytesOnly, readable, readers,
                socketTimeouts, outMaxSockets, inMaxSockets, cors, sessions, accessLog, metrics, console);
    }
}
