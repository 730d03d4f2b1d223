package dev.kgate.http.cluster;

import dev.kgate.http.auth.RequestAuthenticator;
import dev.kgate.http.auth.RetryLaterException;
import dev.kgate.http.rest.GatewayReplies;
import dev.kgate.http.util.Causes;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code /healthcheck} (is the listener up; says nothing about Kafka) and {@code /kafka/cluster/info} (can the
 * gateway reach the brokers; behind the same credentials as the sockets, as it names internal hosts).
 */
public final class ClusterRoutes {

    private static final byte[] HEALTHY = "{\"response\":\"I'm healthy\"}".getBytes(StandardCharsets.UTF_8);

    private final KafkaView kafka;
    private final RequestAuthenticator authenticator;

    /** @param authenticator null when authentication is switched off */
    public ClusterRoutes(KafkaView kafka, RequestAuthenticator authenticator) {
        this.kafka = kafka;
        this.authenticator = authenticator;
    }

    public static void healthcheck(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(ByteBuffer.wrap(HEALTHY));
    }

    public void clusterInfo(HttpServerExchange exchange) {
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> authenticated(exchange).whenComplete((ok, failure) -> {
            if (failure != null && Causes.unwrap(failure) instanceof RetryLaterException later) {
                GatewayReplies.message(exchange, later.status(), later.getMessage(), later.retryAfterSeconds());
                return;
            }
            if (failure != null) {
                exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Basic realm=\"kgate\", Bearer");
                GatewayReplies.message(exchange, 401, "Unauthorized: " + Causes.unwrap(failure).getMessage());
                return;
            }
            kafka.brokers().whenComplete((brokers, error) -> {
                if (error != null) {
                    GatewayReplies.message(exchange, 503, "Cannot reach the Kafka cluster: "
                            + Causes.unwrap(error).getMessage());
                } else {
                    GatewayReplies.json(exchange, 200, brokers);
                }
            });
        }));
    }

    private CompletionStage<?> authenticated(HttpServerExchange exchange) {
        return authenticator == null ? CompletableFuture.completedFuture(null)
                : authenticator.authenticate(exchange);
    }
}
