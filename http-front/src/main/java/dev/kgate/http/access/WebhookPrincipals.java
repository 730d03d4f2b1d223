package dev.kgate.http.access;

import io.undertow.server.HttpServerExchange;

/**
 * Where a route lets requests without credentials in as webhooks: the REST produce routes, for stations whose rule
 * says a signature suffices. The principal is provisional; the route checks the signature before anything is queued.
 */
@FunctionalInterface
public interface WebhookPrincipals {

    /** No request gets in as a webhook. */
    WebhookPrincipals NONE = exchange -> null;

    /**
     * @return the webhook principal for a request that carries no credentials, or null when it gets none
     * @throws dev.kgate.http.pipeline.Refusal when the request is malformed (400)
     */
    Principal of(HttpServerExchange exchange);
}
