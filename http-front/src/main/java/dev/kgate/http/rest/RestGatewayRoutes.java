package dev.kgate.http.rest;

import dev.kgate.http.auth.AuthRoutes;
import dev.kgate.http.auth.AuthSettings;
import dev.kgate.http.auth.BearerAuthenticator;
import dev.kgate.http.ingest.MessageSink;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;

/** The REST gateway API's routes for one task, in front of that task's sink. */
public final class RestGatewayRoutes {

    private static final byte[] STATUS_OK = "{\"status\":\"ok\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private RestGatewayRoutes() {
    }

    /** @param auth null to switch authentication off (every produce route is then open to anyone who connects) */
    public static HttpHandler create(IngestSettings settings, AuthSettings auth, MessageSink sink) {
        BearerAuthenticator authenticator = auth == null ? null : new BearerAuthenticator(auth);
        // Path parameters stay in the match attachment: a query parameter of the same name cannot shadow them.
        RoutingHandler routes = Handlers.routing(false)
                .post("/stations/{station}/produce/single", new ProduceSingleHandler(settings, sink, authenticator))
                .post("/stations/{station}/produce/batch", new ProduceBatchHandler(settings, sink, authenticator))
                .get("/monitoring/status", RestGatewayRoutes::status)
                .setInvalidMethodHandler(exchange -> GatewayReplies.error(exchange, 405, "Method not allowed"))
                .setFallbackHandler(exchange -> GatewayReplies.error(exchange, 404, "Not found"));
        if (auth != null) {
            AuthRoutes authRoutes = new AuthRoutes(auth);
            routes.post("/auth/authenticate", authRoutes::authenticate)
                    .post("/auth/refreshToken", authRoutes::refresh);
        }
        return routes;
    }

    private static void status(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(STATUS_OK));
    }
}
