package dev.kgate.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kgate.http.access.PrincipalLimits;
import dev.kgate.http.cloudevents.InvalidCloudEventException;
import dev.kgate.http.ingest.IngestMessage;
import dev.kgate.http.ingest.MessageSink;
import dev.kgate.http.ingest.Outcome;
import dev.kgate.http.ingest.TypedValue;
import dev.kgate.http.route.StationRule;
import dev.kgate.http.util.JsonErrors;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import org.xnio.XnioExecutor;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /stations/{station}/produce/single}: one body, one record, answered after Kafka's acknowledgement.
 * The answer comes from the producer callback and is written on the exchange's I/O thread.
 */
public final class ProduceSingleHandler extends ProduceRoute {

    public ProduceSingleHandler(IngestSettings settings, MessageSink sink, PrincipalLimits limits) {
        super(settings, sink, limits);
    }

    @Override
    PayloadFormat formatOf(String contentType) {
        return ContentTypes.formatOf(contentType);
    }

    @Override
    PayloadFormat formatOf(HeaderMap headers) {
        return ContentTypes.binaryCloudEvent(headers) ? PayloadFormat.CLOUDEVENT_BINARY : super.formatOf(headers);
    }

    @Override
    String acceptedTypes() {
        return ContentTypes.SINGLE_ACCEPTED;
    }

    @Override
    void onBody(HttpServerExchange exchange, Request request, byte[] body) {
        // A binary-mode CloudEvent may have no data; any other empty body is a mistake.
        if (body.length == 0 && request.format() != PayloadFormat.CLOUDEVENT_BINARY) {
            GatewayReplies.error(exchange, 400, "The message body is empty");
            return;
        }
        Payload payload;
        try {
            payload = payloadOf(exchange, request, request.format(), body);
        } catch (InvalidCloudEventException e) {
            GatewayReplies.error(exchange, 400, "Not a valid CloudEvent: " + e.getMessage());
            return;
        }
        StationRule rule = request.rule();
        JsonNode json = null;
        if (payload.format() == PayloadFormat.JSON) {
            try {
                if (rule.schema() != null || (rule.key() != null && rule.key().needsJsonBody())) {
                    json = JsonBodies.parse(payload.value());
                } else {
                    JsonBodies.checkWellFormed(payload.value());
                }
            } catch (IOException e) {
                GatewayReplies.error(exchange, 400, "The body is not valid JSON: " + JsonErrors.describe(e));
                return;
            }
        }
        if (rule.schema() != null) {
            if (json == null) {
                GatewayReplies.error(exchange, 400, "Station '" + request.topic()
                        + "' validates messages against a JSON Schema: send them as application/json"
                        + (payload.event() ? ", or as CloudEvents whose data is JSON" : ""));
                return;
            }
            String violations = rule.schema().violations(json);
            if (violations != null) {
                GatewayReplies.error(exchange, 400, "Schema validation has failed: " + violations);
                return;
            }
        }
        byte[] key = rule.key() == null ? null : rule.key().keyOf(exchange, json);
        PendingReply reply = new PendingReply(exchange);
        IngestMessage message = new IngestMessage(request.topic(), keyOrNull(key), TypedValue.bytes(payload.value()),
                payload.headers(), null, reply::answer);
        whenTopicExists(exchange, request.topic(), () -> offer(exchange, message, reply));
    }

    private void offer(HttpServerExchange exchange, IngestMessage message, PendingReply reply) {
        // Checked once the topic is known, so its own max.message.bytes counts too.
        String tooLarge = settings.recordSizeLimit().refusal(message);
        if (tooLarge != null) {
            GatewayReplies.error(exchange, 413, tooLarge);
            return;
        }
        // The timer is armed before the offer; both it and the answer run on this I/O thread, after we return.
        reply.timer = exchange.getIoThread().executeAfter(
                () -> message.timedOut(ackTimeoutDetail()),
                settings.ackTimeoutMs(), TimeUnit.MILLISECONDS);
        switch (sink.offer(message)) {
            case ACCEPTED -> exchange.dispatch();
            case FULL -> {
                reply.timer.remove();
                queueFull(exchange);
            }
            case STOPPED -> {
                reply.timer.remove();
                stopping(exchange);
            }
        }
    }

    /** The answer to one request, sent once from whichever thread learns the outcome. */
    private final class PendingReply {
        private final HttpServerExchange exchange;
        private XnioExecutor.Key timer;

        PendingReply(HttpServerExchange exchange) {
            this.exchange = exchange;
        }

        void answer(Outcome outcome) {
            exchange.getIoThread().execute(() -> {
                timer.remove();
                if (outcome.kind() == Outcome.Kind.WRITTEN) {
                    GatewayReplies.ack(exchange, outcome.result());
                } else {
                    OutcomeStatus status = OutcomeStatus.of(outcome);
                    GatewayReplies.retryLater(exchange, status.code(), outcome.describe(),
                            status.retryAfter() ? settings.retryAfterSeconds() : 0);
                }
            });
        }
    }
}
