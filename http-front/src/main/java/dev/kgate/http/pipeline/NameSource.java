package dev.kgate.http.pipeline;

import io.undertow.server.HttpServerExchange;

/** Where a route finds the name it acts on (a topic in the path or the query, a consumer group). */
@FunctionalInterface
public interface NameSource {

    /** @throws Refusal (400) when the request does not name one properly */
    String nameOf(HttpServerExchange exchange);
}
