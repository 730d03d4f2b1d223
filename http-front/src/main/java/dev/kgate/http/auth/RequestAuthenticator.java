package dev.kgate.http.auth;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Authenticates the WebSocket proxy API's requests: {@code Authorization: Basic} with a configured user (checked by
 * the gateway's {@link CredentialChecks}, as a PBKDF2 hash takes a while), or an access token from
 * {@code /auth/authenticate} in {@code Authorization: Bearer}, in {@code Sec-WebSocket-Protocol}
 * ({@code bearer.<token>}) or, where configured, in {@code ?authorization=}.
 */
public final class RequestAuthenticator {

    private static final String BASIC = "basic ";

    private final AuthSettings settings;
    private final CredentialChecks checks;
    private final BearerAuthenticator bearer;

    public RequestAuthenticator(AuthSettings settings, CredentialChecks checks) {
        this.settings = settings;
        this.checks = checks;
        this.bearer = new BearerAuthenticator(settings);
    }

    /**
     * Completes with the caller, or exceptionally with an {@link InvalidTokenException} saying why not, or with a
     * {@link RetryLaterException} when Basic credentials could not be checked now.
     */
    public CompletionStage<Caller> authenticate(HttpServerExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return basic(exchange, header.substring(BASIC.length()).trim());
        }
        String token = bearer.tokenOf(exchange);
        if (token == null) {
            token = TokenSubprotocol.tokenOf(exchange);
        }
        if (token == null || token.isEmpty()) {
            return CompletableFuture.failedFuture(new InvalidTokenException("no credentials: send Authorization"
                    + " Basic or Bearer, or offer the subprotocol " + TokenSubprotocol.PREFIX + "<token>"));
        }
        try {
            TokenService.VerifiedToken verified = settings.tokens().verify(token, TokenType.ACCESS);
            if (!settings.users().exists(verified.subject())) {
                throw new InvalidTokenException("the token's user no longer exists");
            }
            return CompletableFuture.completedFuture(new Caller(verified.subject(), verified.expiresAtMillis()));
        } catch (InvalidTokenException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletionStage<Caller> basic(HttpServerExchange exchange, String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new InvalidTokenException("Basic credentials are not base64"));
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return CompletableFuture.failedFuture(new InvalidTokenException("Basic credentials need user:password"));
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        return checks.check(exchange, user, password).thenApply(checked -> new Caller(checked, 0));
    }
}
