package dev.kgate.http.auth;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.util.Deque;

/** Finds the token a request carries: {@code Authorization: Bearer}, or {@code ?authorization=} where allowed. */
public final class BearerAuthenticator {

    private static final String BEARER = "bearer ";
    public static final String QUERY_PARAMETER = "authorization";

    private final AuthSettings settings;

    public BearerAuthenticator(AuthSettings settings) {
        this.settings = settings;
    }

    /** @return the token, or null when the request carries none */
    public String tokenOf(HttpServerExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (header != null) {
            return hasBearerPrefix(header) ? withoutBearerPrefix(header) : null;
        }
        if (settings.tokenInQueryAllowed()) {
            Deque<String> query = exchange.getQueryParameters().get(QUERY_PARAMETER);
            if (query != null && !query.isEmpty()) {
                String value = query.getFirst().trim();
                return hasBearerPrefix(value) ? withoutBearerPrefix(value) : value;
            }
        }
        return null;
    }

    private static boolean hasBearerPrefix(String value) {
        return value.regionMatches(true, 0, BEARER, 0, BEARER.length());
    }

    private static String withoutBearerPrefix(String value) {
        return value.substring(BEARER.length()).trim();
    }
}
