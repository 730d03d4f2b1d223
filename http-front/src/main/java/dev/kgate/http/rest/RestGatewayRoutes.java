package dev.kgate.http.rest;

import dev.kgate.http.access.Operation;
import dev.kgate.http.access.PrincipalLimits;
import dev.kgate.http.access.Principal;
import dev.kgate.http.auth.AuthRoutes;
import dev.kgate.http.auth.AuthSettings;
import dev.kgate.http.auth.CredentialChecks;
import dev.kgate.http.ingest.MessageSink;
import dev.kgate.http.lifecycle.Availability;
import dev.kgate.http.lifecycle.WhenAvailable;
import dev.kgate.http.pipeline.ApiShape;
import dev.kgate.http.pipeline.GuardedRoutes;
import dev.kgate.http.pipeline.RouteSpec;
import dev.kgate.http.route.StationRule;
import dev.kgate.http.route.StationRules;
import dev.kgate.http.topic.TopicNames;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The REST gateway API's routes for one task, in front of that task's sink. */
public final class RestGatewayRoutes {

    private static final byte[] STATUS_OK = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
    /** Writing to the station in the path. */
    private static final RouteSpec PRODUCE = RouteSpec.guarded(ApiShape.REST_GATEWAY, "station",
            RouteSpec.check(Operation.WRITE, ProduceRoute::stationOf));
    private static final RouteSpec OPEN = RouteSpec.open(ApiShape.REST_GATEWAY);

    private RestGatewayRoutes() {
    }

    /**
     * @param auth   null when users and tokens are switched off (no login routes)
     * @param checks where logins are checked; null when users are switched off
     */
    public static void addTo(GuardedRoutes routes, IngestSettings settings, AuthSettings auth,
                             CredentialChecks checks, MessageSink sink, PrincipalLimits limits,
                             Availability availability) {
        // ProduceRoute checks a signed station's signature before anything is queued: only so may webhooks get in.
        RouteSpec produce = PRODUCE.withWebhooks(
                exchange -> webhookFor(settings.rules(), ProduceRoute.stationOf(exchange)));
        routes.post("/stations/{station}/produce/single", produce, new WhenAvailable(availability,
                        ApiShape.REST_GATEWAY, new ProduceSingleHandler(settings, sink, limits)))
                .post("/stations/{station}/produce/batch", produce, new WhenAvailable(availability,
                        ApiShape.REST_GATEWAY, new ProduceBatchHandler(settings, sink, limits)))
                .get("/monitoring/status", OPEN, RestGatewayRoutes::status);
        if (auth != null) {
            AuthRoutes authRoutes = new AuthRoutes(auth, checks);
            routes.post("/auth/authenticate", OPEN, authRoutes::authenticate)
                    .post("/auth/refreshToken", OPEN, authRoutes::refresh);
        }
    }

    /** The webhook principal of the station's rule, when a signature alone lets requests to it in; else null. */
    private static Principal webhookFor(StationRules rules, String station) {
        if (TopicNames.invalidReason(station) != null) {
            return null;
        }
        StationRule rule = rules.firstMatch(station);
        return rule.signatureSuffices() ? Principal.webhook(rule.name()) : null;
    }

    private static void status(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(ByteBuffer.wrap(STATUS_OK));
    }
}
