package dev.kgate.http.pipeline;

import dev.kgate.http.rest.GatewayReplies;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/** The error body each API's clients expect; a refusal keeps the shape of the API its route belongs to. */
public enum ApiShape {

    /** The REST gateway API ({@code /stations/*}, {@code /auth/*}): {@code {"success":false,"error":"..."}}. */
    REST_GATEWAY {
        @Override
        void send(HttpServerExchange exchange, int status, String message, int retryAfterSeconds) {
            GatewayReplies.retryLater(exchange, status, message, retryAfterSeconds);
        }
    },
    /** The WebSocket proxy API (the sockets and every other route): {@code {"message":"..."}}. */
    WEBSOCKET_PROXY {
        @Override
        void send(HttpServerExchange exchange, int status, String message, int retryAfterSeconds) {
            GatewayReplies.message(exchange, status, message, retryAfterSeconds);
        }
    };

    /** For steps that run before the route is known (CORS): the shape of the API that owns the path. */
    public static ApiShape ofPath(String path) {
        return path.startsWith("/stations/") || path.startsWith("/auth/") || path.equals("/monitoring/status")
                ? REST_GATEWAY : WEBSOCKET_PROXY;
    }

    /** Answers the refusal; a 401 names the schemes that would be accepted. */
    public void refuse(HttpServerExchange exchange, Refusal refusal) {
        if (refusal.status() == 401) {
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Basic realm=\"kgate\", Bearer");
        }
        send(exchange, refusal.status(), refusal.getMessage(), refusal.retryAfterSeconds());
    }

    abstract void send(HttpServerExchange exchange, int status, String message, int retryAfterSeconds);
}
