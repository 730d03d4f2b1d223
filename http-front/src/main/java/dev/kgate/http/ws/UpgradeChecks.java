package dev.kgate.http.ws;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.kgate.http.auth.Caller;
import dev.kgate.http.auth.RequestAuthenticator;
import dev.kgate.http.auth.RetryLaterException;
import dev.kgate.http.cluster.TopicExistence;
import dev.kgate.http.rest.GatewayReplies;
import dev.kgate.http.topic.TopicNames;
import dev.kgate.http.topic.TopicPolicy;
import dev.kgate.http.util.Causes;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The checks both WebSocket endpoints make before the upgrade, each refusal a status and {@code {"message": ...}}:
 * the topic's name (400) and the policy (403) at once, then the credentials (401; Basic is hashed off the I/O
 * threads, 429 or 503 with Retry-After past the login limits), the topic's existence (404, or 503 when Kafka cannot
 * be asked) and the endpoint's own checks, asynchronously.
 */
public final class UpgradeChecks {

    private static final Logger log = LoggerFactory.getLogger(UpgradeChecks.class);

    /** A refusal before the upgrade. */
    public static final class Refused extends RuntimeException {
        private final int status;
        /** 0: the listener's own Retry-After where the status calls for one. */
        private final int retryAfterSeconds;

        public Refused(int status, String message) {
            this(status, message, 0);
        }

        public Refused(int status, String message, int retryAfterSeconds) {
            super(message, null, false, false);
            this.status = status;
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    private final RequestAuthenticator authenticator;
    private final TopicExistence topics;
    private final int retryAfterSeconds;

    /** @param authenticator null when authentication is switched off */
    public UpgradeChecks(RequestAuthenticator authenticator, TopicExistence topics, int retryAfterSeconds) {
        this.authenticator = authenticator;
        this.topics = topics;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** @return false when the topic was refused (and the refusal answered) */
    public boolean topicAllowed(HttpServerExchange exchange, String topic, TopicPolicy policy, String access) {
        String invalid = TopicNames.invalidReason(topic);
        if (invalid != null) {
            GatewayReplies.message(exchange, 400, "Invalid topic name: " + invalid);
            return false;
        }
        if (!policy.permits(topic)) {
            GatewayReplies.message(exchange, 403, "Topic '" + topic + "' is not open for " + access
                    + " through this gateway");
            return false;
        }
        return true;
    }

    /**
     * Runs the asynchronous checks, then {@code upgrade} on the exchange's I/O thread with the caller (null when
     * authentication is off) and the result of {@code more}; or answers the first refusal.
     */
    public <T> void thenUpgrade(HttpServerExchange exchange, String topic, Function<Caller, CompletionStage<T>> more,
                                BiConsumer<Caller, T> upgrade) {
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> authenticate(exchange)
                .thenCompose(caller -> requireTopic(topic)
                        .thenCompose(exists -> more.apply(caller))
                        .thenApply(result -> new Object[]{caller, result}))
                .whenComplete((passed, failure) -> exchange.getIoThread().execute(() -> {
                    if (failure != null) {
                        refuse(exchange, failure);
                    } else {
                        @SuppressWarnings("unchecked")
                        T result = (T) passed[1];
                        upgrade.accept((Caller) passed[0], result);
                    }
                })));
    }

    private CompletionStage<Caller> authenticate(HttpServerExchange exchange) {
        if (authenticator == null) {
            return CompletableFuture.completedFuture(null);
        }
        return authenticator.authenticate(exchange).exceptionally(failure -> {
            if (Causes.unwrap(failure) instanceof RetryLaterException later) {
                throw new Refused(later.status(), later.getMessage(), later.retryAfterSeconds());
            }
            throw new Refused(401, "Unauthorized: " + Causes.unwrap(failure).getMessage());
        });
    }

    private CompletionStage<Boolean> requireTopic(String topic) {
        return topics.check(topic).thenApply(verdict -> switch (verdict) {
            case EXISTS -> true;
            case MISSING -> throw new Refused(404, TopicExistence.missing(topic));
            case CANNOT_CHECK -> throw new Refused(503, TopicExistence.cannotCheck(topic));
        });
    }

    private void refuse(HttpServerExchange exchange, Throwable failure) {
        Throwable cause = Causes.unwrap(failure);
        if (cause instanceof Refused refused) {
            if (refused.status == 401) {
                exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Basic realm=\"kgate\", Bearer");
            } else if (refused.retryAfterSeconds > 0) {
                exchange.getResponseHeaders().put(Headers.RETRY_AFTER, refused.retryAfterSeconds);
            } else if (refused.status == 503) {
                exchange.getResponseHeaders().put(Headers.RETRY_AFTER, retryAfterSeconds);
            }
            GatewayReplies.message(exchange, refused.status, refused.getMessage());
        } else {
            // Not the client's doing: the detail goes to the log, never to the client.
            log.warn("Cannot open a socket for {}", exchange.getRequestPath(), cause);
            GatewayReplies.message(exchange, 500, "The gateway cannot open the socket: try again later");
        }
    }
}
