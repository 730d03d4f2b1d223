package dev.kgate.http.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kgate.http.cluster.KafkaView;
import dev.kgate.http.ingest.MessageSink;
import dev.kgate.http.rest.GatewayReplies;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;

/**
 * {@code GET /ready}: whether a load balancer should send this worker traffic. 200 only while the task runs and
 * polls, has room in its queue and Kafka answers; otherwise 503 with the reason and {@code Retry-After}. The listener
 * passes over a task that takes no work while another of the worker's tasks does, so the probe answers for the
 * worker: 503 only when no task there takes work (or Kafka does not answer). Open and
 * cheap: Kafka's answer is cached by the {@link KafkaView}, shared by the connector's tasks on this worker.
 * Liveness stays {@code /healthcheck} (the listener answers at all), which a paused connector still passes.
 */
public final class ReadinessRoute {

    /** The answer's body: {@code {"ready":true}}, or {@code {"ready":false,"reason":"..."}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Readiness(boolean ready, String reason) {
    }

    private static final Readiness READY = new Readiness(true, null);

    private final Availability availability;
    private final MessageSink sink;
    private final KafkaView kafka;
    private final int retryAfterSeconds;

    public ReadinessRoute(Availability availability, MessageSink sink, KafkaView kafka, int retryAfterSeconds) {
        this.availability = availability;
        this.sink = sink;
        this.kafka = kafka;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public void handle(HttpServerExchange exchange) {
        String reason = localReason();
        if (reason != null) {
            notReady(exchange, reason);
            return;
        }
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> kafka.reachable().whenComplete((reachable, error) -> {
            if (error != null || !Boolean.TRUE.equals(reachable)) {
                notReady(exchange, "Kafka does not answer");
            } else {
                GatewayReplies.json(exchange, 200, READY);
            }
        }));
    }

    /** False while the task is paused, stopping, stalled or full; cheap enough to ask per request. */
    public boolean takesWork() {
        return localReason() == null;
    }

    /** @return why this task is not ready, as far as it knows without asking Kafka; null when nothing says so */
    private String localReason() {
        switch (availability.state()) {
            case PAUSED:
                return "The connector is paused";
            case STOPPING:
                return "The gateway task is stopping";
            default:
                break;
        }
        if (availability.stalled()) {
            return "Kafka is not acknowledging this task's records";
        }
        if (!sink.hasRoomFor(1)) {
            return "The gateway's queue is full";
        }
        return null;
    }

    private void notReady(HttpServerExchange exchange, String reason) {
        GatewayReplies.json(exchange, 503, new Readiness(false, reason), retryAfterSeconds);
    }
}
