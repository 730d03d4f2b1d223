package dev.kgate.http.access;

import dev.kgate.http.auth.AuthSettings;
import dev.kgate.http.auth.BearerAuthenticator;
import dev.kgate.http.auth.CredentialChecks;
import dev.kgate.http.auth.InvalidTokenException;
import dev.kgate.http.auth.TokenService;
import dev.kgate.http.auth.TokenSubprotocol;
import dev.kgate.http.auth.TokenType;
import dev.kgate.http.pipeline.Refusal;
import dev.kgate.http.util.Causes;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Finds the principal a request's credentials name, the same way on every route:
 * <ul>
 *   <li>{@code Authorization: Basic}: a user and its secret (checked off the I/O threads by {@link CredentialChecks},
 *   as a PBKDF2 hash takes a while), or any name and an API key as the password;</li>
 *   <li>{@code Authorization: Bearer}: an access token from {@code /auth/authenticate}, or an API key;</li>
 *   <li>the configured API key header;</li>
 *   <li>an access token or key offered as the subprotocol {@code bearer.<token>}, or, where configured, in
 *   {@code ?authorization=};</li>
 *   <li>none of these: the verified client certificate's principal where the listener asks for one, else a
 *   webhook principal where the route gives one (a station a signature alone lets in), else the anonymous principal
 *   where configured, else 401.</li>
 * </ul>
 * Refusals are {@link Refusal}s: 401 for credentials that are wrong or missing, 429/503 with Retry-After when a
 * secret could not be checked now.
 */
public final class Authenticator {

    private static final String BASIC = "basic ";
    private static final String BEARER = "bearer ";

    /** Null when users and tokens are switched off ({@code auth.enabled=false}). */
    private final AuthSettings auth;
    private final CredentialChecks checks;
    private final BearerAuthenticator bearer;
    private final AccessSettings access;

    /** @param auth null when users and tokens are switched off; then {@code checks} is null too */
    public Authenticator(AuthSettings auth, CredentialChecks checks, AccessSettings access) {
        this.auth = auth;
        this.checks = checks;
        this.bearer = auth == null ? null : new BearerAuthenticator(auth);
        this.access = access;
    }

    /** Completes with the principal, or exceptionally with a {@link Refusal}; no request gets in as a webhook. */
    public CompletionStage<Principal> authenticate(HttpServerExchange exchange) {
        return authenticate(exchange, WebhookPrincipals.NONE);
    }

    /**
     * Completes with the principal, or exceptionally with a {@link Refusal}.
     *
     * @param webhooks the webhook principal a request without credentials gets on this route, if any
     */
    public CompletionStage<Principal> authenticate(HttpServerExchange exchange, WebhookPrincipals webhooks) {
        try {
            String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
            if (header != null && header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
                return basic(exchange, header.substring(BASIC.length()).trim());
            }
            if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                return done(bearer(header.substring(BEARER.length()).trim()));
            }
            if (header != null) {
                throw unauthorized("the Authorization scheme is not Basic or Bearer");
            }
            String keyHeader = access.apiKeyHeader() == null ? null
                    : exchange.getRequestHeaders().getFirst(access.apiKeyHeader());
            if (keyHeader != null) {
                return done(apiKey(keyHeader.trim()));
            }
            String token = bearer == null ? null : bearer.tokenOf(exchange);
            if (token == null) {
                token = TokenSubprotocol.tokenOf(exchange);
            }
            if (token != null && !token.isEmpty()) {
                return done(bearer(token));
            }
            Principal certified = access.certificates().principalOf(exchange);
            if (certified != null) {
                return done(certified);
            }
            Principal webhook = webhooks.of(exchange);
            if (webhook != null) {
                return done(webhook);
            }
            if (access.anonymousAllowed()) {
                return done(Principal.ANONYMOUS);
            }
            throw unauthorized("no credentials: send Authorization Basic or Bearer" + (access.apiKeys().isEmpty()
                    || access.apiKeyHeader() == null ? "" : ", or an API key in " + access.apiKeyHeader())
                    + ", or offer the subprotocol " + TokenSubprotocol.PREFIX + "<token> on a WebSocket");
        } catch (Refusal refusal) {
            return CompletableFuture.failedFuture(refusal);
        }
    }

    private Principal bearer(String credential) {
        if (ApiKeys.looksLikeKey(credential)) {
            return apiKey(credential);
        }
        if (auth == null) {
            throw unauthorized("this gateway issues no tokens: use an API key");
        }
        try {
            TokenService.VerifiedToken verified = auth.tokens().verify(credential, TokenType.ACCESS);
            if (!auth.users().exists(verified.subject())) {
                throw unauthorized("the token's user no longer exists");
            }
            return Principal.user(verified.subject(), verified.expiresAtMillis());
        } catch (InvalidTokenException e) {
            throw unauthorized(e.getMessage());
        }
    }

    private Principal apiKey(String key) {
        String name = access.apiKeys().nameOf(key);
        if (name == null) {
            throw unauthorized("the API key is not (or no longer) valid");
        }
        return Principal.apiKey(name);
    }

    private CompletionStage<Principal> basic(HttpServerExchange exchange, String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw unauthorized("Basic credentials are not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw unauthorized("Basic credentials need user:password");
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        if (ApiKeys.looksLikeKey(password)) {
            return done(apiKey(password));
        }
        if (checks == null) {
            throw unauthorized("this gateway has no users: use an API key");
        }
        return checks.check(exchange, user, password).handle((checked, failure) -> {
            if (failure == null) {
                return Principal.user(checked, 0);
            }
            Throwable cause = Causes.unwrap(failure);
            if (cause instanceof Refusal later) {
                throw later;
            }
            if (cause instanceof InvalidTokenException) {
                throw unauthorized(cause.getMessage());
            }
            throw new IllegalStateException("cannot check credentials", cause);
        });
    }

    private static CompletionStage<Principal> done(Principal principal) {
        return CompletableFuture.completedFuture(principal);
    }

    private static Refusal unauthorized(String why) {
        return new Refusal(401, "Unauthorized: " + why);
    }
}
