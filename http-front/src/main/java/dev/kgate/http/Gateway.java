package dev.kgate.http;

import dev.kgate.http.auth.CredentialChecks;
import dev.kgate.http.auth.RequestAuthenticator;
import dev.kgate.http.cluster.ClusterRoutes;
import dev.kgate.http.ingest.MessageSink;
import dev.kgate.http.rest.GatewayReplies;
import dev.kgate.http.rest.RestGatewayRoutes;
import dev.kgate.http.ws.InSocketSettings;
import dev.kgate.http.ws.OpenSockets;
import dev.kgate.http.ws.SocketInHandler;
import dev.kgate.http.ws.UpgradeChecks;
import dev.kgate.http.ws.out.SocketOutHandler;
import dev.kgate.http.ws.avro.AvroSchemaRoutes;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;

/**
 * One task's routes, both APIs: the REST gateway API ({@code /auth/*}, {@code /stations/*}, {@code
 * /monitoring/status}) and the WebSocket proxy API ({@code /socket/in}, {@code /socket/out}, {@code /schemas/avro/*},
 * {@code /kafka/cluster/info}, {@code /healthcheck}), in front of the task's sink.
 */
public final class Gateway {

    private static final long SOCKET_CLOSE_WAIT_MS = 2_000;

    private final HttpHandler handler;
    private final OpenSockets sockets = new OpenSockets();
    /** Null when authentication is off. */
    private final CredentialChecks credentialChecks;

    private Gateway(GatewaySettings settings, MessageSink sink) {
        credentialChecks = settings.auth() == null ? null
                : new CredentialChecks(settings.auth().users(), settings.auth().logins());
        RequestAuthenticator authenticator = settings.auth() == null ? null
                : new RequestAuthenticator(settings.auth(), credentialChecks);
        // Path parameters stay in the match attachment: a query parameter of the same name cannot shadow them.
        RoutingHandler routes = Handlers.routing(false);
        RestGatewayRoutes.addTo(routes, settings.ingest(), settings.auth(), credentialChecks, sink);
        InSocketSettings socketSettings = new InSocketSettings(settings.ingest(), sink,
                settings.socketMaxInFlight(), settings.bytesOnly(), sockets, settings.socketTimeouts());
        ClusterRoutes cluster = new ClusterRoutes(settings.kafka(), authenticator);
        UpgradeChecks checks = new UpgradeChecks(authenticator, settings.ingest().topics(),
                settings.ingest().retryAfterSeconds());
        routes.get("/socket/in", new SocketInHandler(socketSettings, checks))
                .get("/socket/out", new SocketOutHandler(settings.readable(), settings.readers(), sockets, checks,
                        settings.socketTimeouts()))
                .get("/healthcheck", ClusterRoutes::healthcheck)
                .get("/kafka/cluster/info", cluster::clusterInfo)
                .setInvalidMethodHandler(exchange -> GatewayReplies.error(exchange, 405, "Method not allowed"))
                .setFallbackHandler(exchange -> GatewayReplies.error(exchange, 404, "Not found"));
        AvroSchemaRoutes.addTo(routes);
        this.handler = routes;
    }

    public static Gateway create(GatewaySettings settings, MessageSink sink) {
        return new Gateway(settings, sink);
    }

    public HttpHandler handler() {
        return handler;
    }

    public int openSockets() {
        return sockets.size();
    }

    /** Closes this task's sockets (1012, reconnect) once their pending answers are out; waits up to 2 s. */
    public void closeSockets() {
        sockets.closeAll("The gateway task is stopping: reconnect", SOCKET_CLOSE_WAIT_MS);
    }

    /** Stops this task's own threads (credential checks still waiting are answered 503); safe to call twice. */
    public void close() {
        if (credentialChecks != null) {
            credentialChecks.close();
        }
    }
}
