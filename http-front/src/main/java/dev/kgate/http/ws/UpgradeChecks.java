package dev.kgate.http.ws;

import dev.kgate.http.access.Principal;
import dev.kgate.http.access.PrincipalLimits;
import dev.kgate.http.cluster.TopicExistence;
import dev.kgate.http.pipeline.ApiShape;
import dev.kgate.http.pipeline.Refusal;
import dev.kgate.http.util.Causes;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The asynchronous checks both WebSocket endpoints make before the upgrade, once the pipeline has authenticated and
 * authorized the request: whether the topic exists (404, or 503 when Kafka cannot be asked), then the endpoint's own
 * checks. Each refusal is a status and {@code {"message": ...}}.
 */
public final class UpgradeChecks {

    private static final Logger log = LoggerFactory.getLogger(UpgradeChecks.class);

    private final TopicExistence topics;
    private final int retryAfterSeconds;
    private final OpenSockets sockets;
    private final PrincipalLimits limits;

    public UpgradeChecks(TopicExistence topics, int retryAfterSeconds, OpenSockets sockets, PrincipalLimits limits) {
        this.topics = topics;
        this.retryAfterSeconds = retryAfterSeconds;
        this.sockets = sockets;
        this.limits = limits;
    }

    /**
     * Runs the checks ({@code writing}: for a writer, who may create the topic only where granted), then
     * {@code upgrade} on the exchange's I/O thread with the principal and the result of
     * {@code more}; or answers the first refusal.
     */
    public <T> void thenUpgrade(HttpServerExchange exchange, String topic, boolean writing,
                                Function<Principal, CompletionStage<T>> more, BiConsumer<Principal, T> upgrade) {
        Principal principal = Principal.of(exchange);
        if (!limits.mayOpenSocket(sockets.heldBy(principal.name()))) {
            ApiShape.WEBSOCKET_PROXY.refuse(exchange, new Refusal(429, "'" + principal.name() + "' holds as many"
                    + " sockets as a principal may (" + limits.socketsPerPrincipal() + "): close one first",
                    retryAfterSeconds));
            return;
        }
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> requireTopic(topic, writing ? principal : null)
                .thenCompose(exists -> more.apply(principal))
                .whenComplete((result, failure) -> exchange.getIoThread().execute(() -> {
                    if (failure != null) {
                        refuse(exchange, failure);
                    } else {
                        upgrade.accept(principal, result);
                    }
                })));
    }

    /** @param writer null for a reader */
    private CompletionStage<Boolean> requireTopic(String topic, Principal writer) {
        return (writer == null ? topics.check(topic) : topics.checkForWriting(topic, writer)).thenApply(verdict -> switch (verdict) {
            case EXISTS -> true;
            case MISSING -> throw new Refusal(404, TopicExistence.missing(topic));
            case CANNOT_CHECK -> throw new Refusal(503, TopicExistence.cannotCheck(topic), retryAfterSeconds);
        });
    }

    private void refuse(HttpServerExchange exchange, Throwable failure) {
        Throwable cause = Causes.unwrap(failure);
        if (cause instanceof Refusal refusal) {
            ApiShape.WEBSOCKET_PROXY.refuse(exchange, refusal.status() == 503 && refusal.retryAfterSeconds() == 0
                    ? new Refusal(503, refusal.getMessage(), retryAfterSeconds) : refusal);
        } else {
            // Not the client's doing: the detail goes to the log, never to the client.
            log.warn("Cannot open a socket for {}", exchange.getRequestPath(), cause);
            ApiShape.WEBSOCKET_PROXY.refuse(exchange,
                    new Refusal(500, "The gateway cannot open the socket: try again later"));
        }
    }
}
