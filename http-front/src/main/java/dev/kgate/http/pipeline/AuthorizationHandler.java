package dev.kgate.http.pipeline;

import dev.kgate.http.access.Authorizer;
import dev.kgate.http.access.Principal;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** Refuses the request unless its principal may do each of the route's checks (400 for a malformed name, 403). */
final class AuthorizationHandler implements HttpHandler {

    private final RouteSpec spec;
    private final Authorizer authorizer;
    private final HttpHandler next;

    AuthorizationHandler(RouteSpec spec, Authorizer authorizer, HttpHandler next) {
        this.spec = spec;
        this.authorizer = authorizer;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Principal principal = Principal.of(exchange);
        try {
            for (RouteSpec.Check check : spec.checks()) {
                authorizer.authorize(principal, check.operation(), check.name().nameOf(exchange), spec.noun());
            }
        } catch (Refusal refusal) {
            spec.shape().refuse(exchange, refusal);
            return;
        }
        next.handleRequest(exchange);
    }
}
