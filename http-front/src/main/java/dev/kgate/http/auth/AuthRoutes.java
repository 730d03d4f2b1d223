package dev.kgate.http.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.pipeline.Refusal;
import dev.kgate.http.rest.GatewayReplies;
import dev.kgate.http.util.Causes;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;

import java.io.IOException;
import java.time.Duration;

/**
 * {@code POST /auth/authenticate} and {@code POST /auth/refreshToken} of the REST gateway API. Errors use the
 * API's auth shape, {@code {"message": ...}}. Checking a hashed secret is slow on purpose, so it runs on the
 * gateway's {@link CredentialChecks}, never on an I/O thread; past their limits a login is answered 429 or 503 with
 * {@code Retry-After}.
 */
public final class AuthRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final String UNAUTHORIZED = "Unauthorized";

    private final AuthSettings settings;
    private final CredentialChecks checks;
    private final BearerAuthenticator bearer;

    /** The token pair, named as the seed API names it. */
    record TokenPair(@JsonProperty("expires_in") long expiresIn,
                     @JsonProperty("jwt") String jwt,
                     @JsonProperty("jwt_refresh_token") String refreshToken,
                     @JsonProperty("refresh_token_expires_in") long refreshExpiresIn) {
    }

    public AuthRoutes(AuthSettings settings, CredentialChecks checks) {
        this.settings = settings;
        this.checks = checks;
        this.bearer = new BearerAuthenticator(settings);
    }

    public void authenticate(HttpServerExchange exchange) {
        exchange.getRequestReceiver().setMaxBufferSize(MAX_BODY_BYTES);
        exchange.getRequestReceiver().receiveFullBytes((ex, body) -> {
            JsonNode request;
            String username;
            String secret;
            Lifetimes lifetimes;
            try {
                request = JSON.readTree(body);
                if (request == null || !request.isObject()) {
                    throw new BadRequest("the body must be a JSON object");
                }
                username = requiredText(request, "username");
                secret = request.hasNonNull("connection_token") ? requiredText(request, "connection_token")
                        : request.hasNonNull("password") ? requiredText(request, "password") : null;
                if (secret == null) {
                    throw new BadRequest("connection_token or password is required");
                }
                lifetimes = lifetimes(request);
            } catch (BadRequest e) {
                GatewayReplies.message(ex, 400, e.getMessage());
                return;
            } catch (IOException e) {
                GatewayReplies.message(ex, 400, "the body is not valid JSON");
                return;
            }
            ex.dispatch(SameThreadExecutor.INSTANCE, () -> checks.check(ex, username, secret)
                    .whenComplete((user, failure) -> {
                        Throwable cause = failure == null ? null : Causes.unwrap(failure);
                        if (cause == null) {
                            issuePair(ex, user, lifetimes);
                        } else if (cause instanceof Refusal later) {
                            GatewayReplies.message(ex, later.status(), later.getMessage(), later.retryAfterSeconds());
                        } else if (cause instanceof InvalidTokenException) {
                            GatewayReplies.message(ex, 401, UNAUTHORIZED);
                        } else {
                            GatewayReplies.message(ex, 500, "The credentials could not be checked");
                        }
                    }));
        }, (ex, e) -> GatewayReplies.message(ex, 400, "the body could not be read or is too large"));
    }

    public void refresh(HttpServerExchange exchange) {
        String headerToken = bearer.tokenOf(exchange);
        exchange.getRequestReceiver().setMaxBufferSize(MAX_BODY_BYTES);
        exchange.getRequestReceiver().receiveFullBytes((ex, body) -> {
            JsonNode request = parseOptionalObject(body);
            String token = headerToken;
            if ((token == null || token.isEmpty()) && request.hasNonNull("jwt_refresh_token")) {
                token = request.get("jwt_refresh_token").asText();
            }
            if (token == null || token.isEmpty()) {
                GatewayReplies.message(ex, 401, UNAUTHORIZED);
                return;
            }
            try {
                Lifetimes lifetimes = lifetimes(request);
                String user = settings.tokens().verify(token, TokenType.REFRESH).subject();
                if (!settings.users().exists(user)) {
                    throw new InvalidTokenException("the token's user no longer exists");
                }
                issuePair(ex, user, lifetimes);
            } catch (InvalidTokenException e) {
                GatewayReplies.message(ex, 401, UNAUTHORIZED);
            } catch (BadRequest e) {
                GatewayReplies.message(ex, 400, e.getMessage());
            }
        }, (ex, e) -> GatewayReplies.message(ex, 400, "the body could not be read or is too large"));
    }

    private void issuePair(HttpServerExchange exchange, String user, Lifetimes lifetimes) {
        GatewayReplies.json(exchange, 200, new TokenPair(lifetimes.access().toMillis(),
                settings.tokens().issue(user, TokenType.ACCESS, lifetimes.access()),
                settings.tokens().issue(user, TokenType.REFRESH, lifetimes.refresh()),
                lifetimes.refresh().toMillis()));
    }

    /** How long the two tokens of a pair live. */
    private record Lifetimes(Duration access, Duration refresh) {
    }

    /** The requested lifetimes, defaulted and capped by configuration. */
    private Lifetimes lifetimes(JsonNode request) throws BadRequest {
        return new Lifetimes(
                minutes(request, "token_expiry_in_minutes", settings.accessDefault(), settings.accessMax()),
                minutes(request, "refresh_token_expiry_in_minutes", settings.refreshDefault(), settings.refreshMax()));
    }

    private static Duration minutes(JsonNode request, String field, Duration fallback, Duration max)
            throws BadRequest {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 1) {
            throw new BadRequest(field + " must be a positive whole number of minutes");
        }
        Duration requested = Duration.ofMinutes(value.asLong());
        return requested.compareTo(max) > 0 ? max : requested;
    }

    private static String requiredText(JsonNode request, String field) throws BadRequest {
        JsonNode value = request.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new BadRequest(field + " is required and must be a non-empty string");
        }
        return value.asText();
    }

    /** The refresh route's body is optional and of any content type (the seed's example posts an empty form). */
    private static JsonNode parseOptionalObject(byte[] body) {
        try {
            JsonNode node = body.length == 0 ? null : JSON.readTree(body);
            return node != null && node.isObject() ? node : JSON.createObjectNode();
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }
}
