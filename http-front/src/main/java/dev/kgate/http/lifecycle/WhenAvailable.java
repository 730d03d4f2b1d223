package dev.kgate.http.lifecycle;

import dev.kgate.http.metrics.RefusalReason;
import dev.kgate.http.pipeline.ApiShape;
import dev.kgate.http.pipeline.Refusal;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * A route that adds work (a message, a socket) runs only while its task takes work: otherwise 503 with
 * {@code Retry-After} and why, at once, instead of a wait for an acknowledgement that cannot come.
 */
public final class WhenAvailable implements HttpHandler {

    private final Availability availability;
    private final ApiShape shape;
    private final HttpHandler route;

    public WhenAvailable(Availability availability, ApiShape shape, HttpHandler route) {
        this.availability = availability;
        this.shape = shape;
        this.route = route;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Availability.State state = availability.state();
        Refusal refusal = availability.refusal(state);
        if (refusal != null) {
            Availability.refusalReason(state).markOn(exchange);
            shape.refuse(exchange, refusal);
            return;
        }
        route.handleRequest(exchange);
    }
}
