package dev.kgate.http;

import dev.kgate.http.access.Authenticator;
import dev.kgate.http.access.Authorizer;
import dev.kgate.http.access.Operation;
import dev.kgate.http.access.Permissions;
import dev.kgate.http.access.PrincipalLimits;
import dev.kgate.http.apidocs.ApiDocumentRoutes;
import dev.kgate.http.auth.CredentialChecks;
import dev.kgate.http.cluster.ClusterRoutes;
import dev.kgate.http.console.ConsoleRoutes;
import dev.kgate.http.ingest.MessageSink;
import dev.kgate.http.lifecycle.Availability;
import dev.kgate.http.lifecycle.ReadinessRoute;
import dev.kgate.http.lifecycle.WhenAvailable;
import dev.kgate.http.metrics.SocketSide;
import dev.kgate.http.pipeline.ApiShape;
import dev.kgate.http.pipeline.CorsHandler;
import dev.kgate.http.pipeline.RequestIdHandler;
import dev.kgate.http.pipeline.GuardedRoutes;
import dev.kgate.http.pipeline.RouteSpec;
import dev.kgate.http.rest.GatewayReplies;
import dev.kgate.http.rest.RestGatewayRoutes;
import dev.kgate.http.ws.InSocketParameters;
import dev.kgate.http.ws.InSocketSettings;
import dev.kgate.http.ws.OpenSockets;
import dev.kgate.http.ws.SocketInHandler;
import dev.kgate.http.ws.UpgradeChecks;
import dev.kgate.http.ws.WorkerSocketCap;
import dev.kgate.http.ws.avro.AvroSchemaRoutes;
import dev.kgate.http.ws.out.OutSocketParameters;
import dev.kgate.http.ws.out.ReaderOpenings;
import dev.kgate.http.ws.out.SocketOutHandler;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;

import java.util.List;

/**
 * One task's routes, both APIs: the REST gateway API ({@code /auth/*}, {@code /stations/*}, {@code
 * /monitoring/status}) and the WebSocket proxy API ({@code /socket/in}, {@code /socket/out}, {@code /schemas/avro/*},
 * {@code /kafka/cluster/info}, {@code /healthcheck}), the readiness route ({@code /ready}), the descriptions
 * ({@code /openapi.json}, {@code /asyncapi.json}) and, where it is on, the console page ({@code /console/}), each
 * behind the pipeline its {@link RouteSpec} asks for, in front of the task's sink.
 */
public final class Gateway {

    private static final long SOCKET_CLOSE_WAIT_MS = 2_000;
    private static final RouteSpec SOCKET_IN = RouteSpec.guarded(ApiShape.WEBSOCKET_PROXY, "topic",
            RouteSpec.check(Operation.WRITE, exchange -> InSocketParameters.of(exchange).topic()));
    private static final RouteSpec SOCKET_OUT = RouteSpec.guarded(ApiShape.WEBSOCKET_PROXY, "topic",
            RouteSpec.check(Operation.READ, exchange -> OutSocketParameters.of(exchange).topic()),
            RouteSpec.check(Operation.GROUP, exchange -> OutSocketParameters.of(exchange).groupId()));
    private static final RouteSpec CLUSTER_INFO = RouteSpec.guarded(ApiShape.WEBSOCKET_PROXY, "topic",
            RouteSpec.check(Operation.DESCRIBE, exchange -> Permissions.CLUSTER));
    private static final RouteSpec OPEN = RouteSpec.open(ApiShape.WEBSOCKET_PROXY);

    private final HttpHandler handler;
    private final List<GuardedRoutes.Route> routes;
    private final OpenSockets sockets;
    private final Availability availability;
    private final ReadinessRoute readiness;
    /** Null when users are switched off. */
    private final CredentialChecks credentialChecks;

    private Gateway(GatewaySettings settings, MessageSink sink) {
        sockets = new OpenSockets(settings.metrics());
        credentialChecks = settings.auth() == null ? null
                : new CredentialChecks(settings.auth().users(), settings.auth().logins());
        Authenticator authenticator = new Authenticator(settings.auth(), credentialChecks, settings.access());
        Authorizer authorizer = new Authorizer(settings.access().permissions(), settings.ingest().topicPolicy(),
                settings.readable(), settings.ingest().rules());
        // Path parameters stay in the match attachment: a query parameter of the same name cannot shadow them.
        RoutingHandler routing = Handlers.routing(false);
        GuardedRoutes routes = new GuardedRoutes(routing, authenticator, authorizer);
        PrincipalLimits limits = settings.access().limits();
        int retryAfterSeconds = settings.ingest().retryAfterSeconds();
        availability = new Availability(retryAfterSeconds);
        readiness = new ReadinessRoute(availability, sink, settings.kafka(), retryAfterSeconds);
        RestGatewayRoutes.addTo(routes, settings.ingest(), settings.auth(), credentialChecks, sink, limits,
                availability);
        InSocketSettings socketSettings = new InSocketSettings(settings.ingest(), sink,
                settings.socketMaxInFlight(), settings.bytesOnly(), sockets, settings.socketTimeouts(), limits,
                settings.sessions());
        UpgradeChecks checks = new UpgradeChecks(settings.ingest().topics(), settings.ingest().retryAfterSeconds(),
                sockets, limits);
        routes.get("/socket/in", SOCKET_IN, new WhenAvailable(availability, ApiShape.WEBSOCKET_PROXY,
                        new SocketInHandler(socketSettings, checks,
                                new WorkerSocketCap(SocketSide.IN, settings.inMaxSockets(), retryAfterSeconds))))
                .get("/socket/out", SOCKET_OUT, new WhenAvailable(availability, ApiShape.WEBSOCKET_PROXY,
                        new SocketOutHandler(settings.readers(),
                                new ReaderOpenings(settings.outMaxSockets(), retryAfterSeconds),
                                settings.sessions(), sockets, checks, settings.socketTimeouts())))
                .get("/healthcheck", OPEN, ClusterRoutes::healthcheck)
                .get("/ready", OPEN, readiness::handle)
                .get("/kafka/cluster/info", CLUSTER_INFO, new ClusterRoutes(settings.kafka())::clusterInfo);
        AvroSchemaRoutes.addTo(routes);
        ApiDocumentRoutes.addTo(routes);
        if (settings.console()) {
            ConsoleRoutes.addTo(routes, settings.auth() != null);
        }
        this.routes = routes.added();
        routing.setInvalidMethodHandler(exchange -> GatewayReplies.error(exchange, 405, "Method not allowed"))
                .setFallbackHandler(exchange -> GatewayReplies.error(exchange, 404, "Not found"));
        // Before routing, so that a preflight is answered on every path (the routes would answer OPTIONS 405), and
        // before authentication, which each guarded route runs first.
        // The pipeline's order: request id and access log, CORS and Origin, then per route authentication and
        // authorization (GuardedRoutes), then the route.
        // The console's page calls the API from the listener's own origin, which CORS then lets in.
        this.handler = new RequestIdHandler(settings.accessLog(), settings.metrics(),
                new CorsHandler(settings.cors(), settings.console(), routing));
    }

    public static Gateway create(GatewaySettings settings, MessageSink sink) {
        return new Gateway(settings, sink);
    }

    public HttpHandler handler() {
        return handler;
    }

    /** Whether this task takes new work now (not paused, stopping, stalled or full): the listener's routing asks. */
    public boolean takesWork() {
        return readiness.takesWork();
    }

    /** The routes this task serves (the login routes only where users are on). */
    public List<GuardedRoutes.Route> routes() {
        return routes;
    }

    public int openSockets() {
        return sockets.size();
    }

    /** Closes this task's sockets as it stops (1012, reconnect) once their pending answers are out; up to 2 s. */
    public void closeSockets() {
        sockets.closeAllForGood("The gateway task is stopping: reconnect", SOCKET_CLOSE_WAIT_MS);
    }

    /** The connector is paused: new messages and sockets are refused (503); the caller answers what was queued. */
    public void pause() {
        availability.set(Availability.State.PAUSED);
    }

    /** Closes this task's sockets (1012, reconnect) once their pending answers are out; waits up to 2 s. */
    public void closeSockets(String reason) {
        sockets.closeAll(reason, SOCKET_CLOSE_WAIT_MS);
    }

    /** The connector runs again: requests and sockets are taken. */
    public void resume() {
        availability.set(Availability.State.RUNNING);
    }

    /** The task is stopping: nothing new is taken, and the readiness route says so. */
    public void stopping() {
        availability.set(Availability.State.STOPPING);
    }

    /** Whether Kafka has stopped acknowledging this task's records, for the readiness route. */
    public void stalled(boolean stalled) {
        availability.stalled(stalled);
    }

    public Availability.State state() {
        return availability.state();
    }

    /** Stops this task's own threads (credential checks still waiting are answered 503); safe to call twice. */
    public void close() {
        if (credentialChecks != null) {
            credentialChecks.close();
        }
    }
}
