package dev.kgate.http.rest;

import dev.kgate.http.ingest.MessageSink;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/** The REST gateway API's routes for one task, in front of that task's sink. */
public final class RestGatewayRoutes {

    private static final byte[] STATUS_OK = "{\"status\":\"ok\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private RestGatewayRoutes() {
    }

    public static HttpHandler create(IngestSettings settings, MessageSink sink) {
        // Path parameters stay in the match attachment: a query parameter of the same name cannot shadow them.
        return Handlers.routing(false)
                .post("/stations/{station}/produce/single", new ProduceSingleHandler(settings, sink))
                .get("/monitoring/status", RestGatewayRoutes::status)
                .setInvalidMethodHandler(exchange -> GatewayReplies.error(exchange, 405, "Method not allowed"))
                .setFallbackHandler(exchange -> GatewayReplies.error(exchange, 404, "Not found"));
    }

    private static void status(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(STATUS_OK));
    }
}
