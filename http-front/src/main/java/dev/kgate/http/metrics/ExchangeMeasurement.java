package dev.kgate.http.metrics;

import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;

/**
 * Reports each exchange to the {@link GatewayMetrics} when it ends: route, status, bytes, and why it was refused.
 * One instance serves every exchange, so measuring a request allocates nothing of its own.
 */
public final class ExchangeMeasurement implements ExchangeCompletionListener {

    private final GatewayMetrics metrics;

    public ExchangeMeasurement(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    /** Measures this exchange when it ends; a no-op without metrics. */
    public void measure(HttpServerExchange exchange) {
        if (metrics != GatewayMetrics.NONE) {
            exchange.addExchangeCompleteListener(this);
        }
    }

    @Override
    public void exchangeEvent(HttpServerExchange exchange, NextListener nextListener) {
        try {
            String route = ExchangeRoutes.templateOf(exchange);
            int status = exchange.getStatusCode();
            metrics.requestCompleted(route, status, RequestBytes.of(exchange), exchange.getResponseBytesSent());
            RefusalReason reason = RefusalReason.of(exchange);
            if (reason != null) {
                metrics.refused(reason);
                if (reason == RefusalReason.UNAUTHENTICATED) {
                    metrics.authenticationFailed(route);
                }
            }
        } finally {
            nextListener.proceed();
        }
    }
}
