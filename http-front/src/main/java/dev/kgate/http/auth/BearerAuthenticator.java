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
            return header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                    ? header.substring(BEARER.length()).trim() : null;
        }
        if (settings.tokenInQueryAllowed()) {
            Deque<String> query = exchange.getQueryParameters().get(QUERY_PARAMETER);
            if (query != null && !query.isEmpty()) {
                String value = query.getFirst().trim();
                return value.regionMatches(true, 0, BEARER, 0, BEARER.length())
                        ? value.substring(BEARER.length()).trim() : value;
            }
        }
        return null;
    }

    /** @return the user an access token names */
    public String authenticate(HttpServerExchange exchange) throws InvalidTokenException {
        String token = tokenOf(exchange);
        if (token == null || token.isEmpty()) {
            throw new InvalidTokenException("no Bearer token in the Authorization header");
        }
        String user = settings.tokens().verify(token, TokenType.ACCESS).subject();
        if (!settings.users().exists(user)) {
            throw new InvalidTokenException("the token's user no longer exists");
        }
        return user;
    }
}
