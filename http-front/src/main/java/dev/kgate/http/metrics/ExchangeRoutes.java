package dev.kgate.http.metrics;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.PathTemplateMatch;

/** Which route served an exchange, by the template it was added with: never the path a client sent. */
public final class ExchangeRoutes {

    /** Anything no route matched: unknown paths, CORS preflights, methods a route does not take. */
    public static final String OTHER = "other";

    private ExchangeRoutes() {
    }

    /** @return the matched route's path template, or {@link #OTHER} */
    public static String templateOf(HttpServerExchange exchange) {
        PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
        return match == null ? OTHER : match.getMatchedTemplate();
    }
}
