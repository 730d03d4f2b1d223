package dev.kgate.http.auth;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/**
 * A browser cannot set headers on a WebSocket, but it can offer subprotocols: {@code new WebSocket(url, ["kgate",
 * "bearer." + token])} carries an access token in {@code Sec-WebSocket-Protocol}. JWT characters are all legal in a
 * subprotocol name. The server then selects a protocol that is not a token, so the token is not echoed back.
 */
public final class TokenSubprotocol {

    public static final String PREFIX = "bearer.";

    private TokenSubprotocol() {
    }

    public static boolean carriesToken(String protocol) {
        return protocol.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /** @return the token offered in {@code Sec-WebSocket-Protocol}, or null */
    public static String tokenOf(HttpServerExchange exchange) {
        io.undertow.util.HeaderValues headers = exchange.getRequestHeaders().get(Headers.SEC_WEB_SOCKET_PROTOCOL);
        if (headers == null) {
            return null;
        }
        for (String header : headers) {
            for (String protocol : header.split(",")) {
                String trimmed = protocol.trim();
                if (carriesToken(trimmed)) {
                    return trimmed.substring(PREFIX.length());
                }
            }
        }
        return null;
    }

    /**
     * The protocol to answer with: a client that offers subprotocols must get one of them back, or browsers fail
     * the connection. The first one that is not a token; the token protocol only when it is all the client offered.
     */
    public static String select(String[] requested) {
        String tokenProtocol = null;
        for (String protocol : requested) {
            String trimmed = protocol.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!carriesToken(trimmed)) {
                return trimmed;
            }
            tokenProtocol = tokenProtocol == null ? trimmed : tokenProtocol;
        }
        return tokenProtocol;
    }
}
