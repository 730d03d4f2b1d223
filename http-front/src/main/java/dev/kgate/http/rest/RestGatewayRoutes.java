package dev.kgate.http.rest;

import dev.kgate.http.auth.AuthRoutes;
import dev.kgate.http.auth.AuthSettings;
import dev.kgate.http.auth.BearerAuthenticator;
import dev.kgate.http.auth.CredentialChecks;
import dev.kgate.http.ingest.MessageSink;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The REST gateway API's routes for one task, in front of that task's sink. */
public final class RestGatewayRoutes {

    private static final byte[] STATUS_OK = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

    private RestGatewayRoutes() {
    }

    /**
     * @param auth   null to switch authentication off (every produce route is then open to anyone who connects)
     * @param checks where logins are checked; null when authentication is off
     */
    public static void addTo(RoutingHandler routes, IngestSettings settings, AuthSettings auth,
                             CredentialChecks checks, MessageSink sink) {
        BearerAuthenticator authenticator = auth == null ? null : new BearerAuthenticator(auth);
        routes.post("/stations/{station}/produce/single", new ProduceSingleHandler(settings, sink, authenticator))
                .post("/stations/{station}/produce/batch", new ProduceBatchHandler(settings, sink, authenticator))
                .get("/monitoring/status", RestGatewayRoutes::status);
        if (auth != null) {
            AuthRoutes authRoutes = new AuthRoutes(auth, checks);
            routes.post("/auth/authenticate", authRoutes::authenticate)
                    .post("/auth/refreshToken", authRoutes::refresh);
        }
    }

    private static void status(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(ByteBuffer.wrap(STATUS_OK));
    }
}
