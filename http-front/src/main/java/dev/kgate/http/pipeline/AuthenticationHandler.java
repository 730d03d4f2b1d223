package dev.kgate.http.pipeline;

import dev.kgate.http.access.Authenticator;
import dev.kgate.http.access.Principal;
import dev.kgate.http.access.WebhookPrincipals;
import dev.kgate.http.util.Causes;
import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * Gives the exchange its principal, or refuses it (401, or 429/503 when a secret could not be checked now). Tokens and
 * API keys are checked at once on the I/O thread; a user's secret is hashed elsewhere, and the route then resumes on
 * the exchange's I/O thread as if it had been called directly.
 */
final class AuthenticationHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(AuthenticationHandler.class);

    private final ApiShape shape;
    private final WebhookPrincipals webhooks;
    private final Authenticator authenticator;
    private final HttpHandler next;

    AuthenticationHandler(RouteSpec spec, Authenticator authenticator, HttpHandler next) {
        this.shape = spec.shape();
        this.webhooks = spec.webhooks();
        this.authenticator = authenticator;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        CompletableFuture<Principal> principal = authenticator.authenticate(exchange, webhooks).toCompletableFuture();
        if (principal.isDone()) {
            proceed(exchange, principal);
            return;
        }
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> principal.whenComplete((done, failure) ->
                exchange.getIoThread().execute(() -> Connectors.executeRootHandler(
                        resumed -> proceed(resumed, principal), exchange))));
    }

    private void proceed(HttpServerExchange exchange, CompletableFuture<Principal> principal) throws Exception {
        Principal who;
        try {
            who = principal.join();
        } catch (RuntimeException failure) {
            Throwable cause = Causes.unwrap(failure);
            if (cause instanceof Refusal refusal) {
                shape.refuse(exchange, refusal);
            } else {
                // Not the client's doing: the detail goes to the log, never to the client.
                log.warn("Cannot authenticate a request to {}", exchange.getRequestPath(), cause);
                shape.refuse(exchange, new Refusal(500, "The gateway cannot check credentials now: retry later"));
            }
            return;
        }
        who.attachTo(exchange);
        next.handleRequest(exchange);
    }
}
