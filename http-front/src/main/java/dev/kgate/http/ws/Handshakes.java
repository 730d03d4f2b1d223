package dev.kgate.http.ws;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.kgate.http.rest.GatewayReplies;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.HttpUpgradeListener;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;

import java.util.List;

/** Undertow's RFC 6455 handshake, handing the upgraded connection to our own framing. */
public final class Handshakes {

    private static final Logger log = LoggerFactory.getLogger(Handshakes.class);

    private Handshakes() {
    }

    public static WebSocketProtocolHandshakeHandler handler(String path, HttpUpgradeListener onUpgraded) {
        return new WebSocketProtocolHandshakeHandler(List.of(new TokenAwareHandshake()), onUpgraded,
                exchange -> GatewayReplies.message(exchange, 400, "Not a WebSocket handshake: " + path
                        + " takes a WebSocket (version 13) upgrade"));
    }

    public static void run(WebSocketProtocolHandshakeHandler handshake, HttpServerExchange exchange) {
        try {
            handshake.handleRequest(exchange);
        } catch (Exception e) {
            log.warn("WebSocket handshake on {} failed", exchange.getRequestPath(), e);
            GatewayReplies.message(exchange, 500, "The WebSocket handshake failed: try again later");
        }
    }
}
