package dev.kgate.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kgate.http.access.PrincipalLimits;
import dev.kgate.http.cloudevents.InvalidCloudEventException;
import dev.kgate.http.idempotency.IdempotencyKeys;
import dev.kgate.http.ingest.IngestMessage;
import dev.kgate.http.ingest.MessageHeader;
import dev.kgate.http.ingest.MessageSink;
import dev.kgate.http.ingest.Outcome;
import dev.kgate.http.ingest.TypedValue;
import dev.kgate.http.route.StationRule;
import dev.kgate.http.route.StationValues;
import dev.kgate.http.util.JsonErrors;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import org.xnio.XnioExecutor;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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
        StationRule rule = request.rule();
        // A binary-mode CloudEvent may have no data, and a protobuf message whose fields all hold their defaults is
        // zero bytes long; any other empty body is a mistake.
        if (body.length == 0 && request.format() != PayloadFormat.CLOUDEVENT_BINARY
                && !(request.format() == PayloadFormat.PROTOBUF && rule.values().protobufType() != null)) {
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
        StationValue read = rule.values().protobufType() != null
                ? protobufValue(exchange, request, payload) : jsonOrBodyValue(exchange, request, payload);
        if (read == null) {
            return;
        }
        TypedValue value = read.value();
        JsonNode document = read.document();
        byte[] key = rule.key() == null ? null : rule.key().keyOf(exchange, document);
        PendingReply reply = new PendingReply(exchange);
        IdempotentRequest idempotent;
        try {
            idempotent = IdempotentRequest.of(exchange, request.topic(), key, payload.value());
        } catch (IllegalArgumentException e) {
            GatewayReplies.error(exchange, 400, e.getMessage());
            return;
        }
        List<MessageHeader> headers = payload.headers();
        IngestMessage message = new IngestMessage(request.topic(), keyOrNull(key), value,
                idempotent == null ? headers : idempotent.withKeyHeader(headers), null, reply::answer);
        whenTopicExists(exchange, request.topic(), () -> offer(exchange, message, reply, idempotent));
    }

    /** The value a station's JSON Schema and value mode make of a payload, or null when it was refused. */
    private StationValue jsonOrBodyValue(HttpServerExchange exchange, Request request, Payload payload) {
        StationRule rule = request.rule();
        StationValues values = rule.values();
        boolean json = payload.format() == PayloadFormat.JSON;
        if (!json && (values.jsonOnly() || rule.schema() != null)) {
            GatewayReplies.error(exchange, values.jsonOnly() ? 415 : 400, (values.jsonOnly()
                    ? values.jsonOnlyReason(request.topic()) : "Station '" + request.topic()
                    + "' validates messages against a JSON Schema") + ": send them as application/json"
                    + (payload.event() ? ", or as CloudEvents whose data is JSON" : ""));
            return null;
        }
        JsonNode document = null;
        if (json) {
            try {
                if (rule.schema() != null || values.jsonOnly() || (rule.key() != null && rule.key().needsJsonBody())) {
                    document = JsonBodies.parse(payload.value());
                } else {
                    JsonBodies.checkWellFormed(payload.value());
                }
            } catch (IOException e) {
                GatewayReplies.error(exchange, 400, "The body is not valid JSON: " + JsonErrors.describe(e));
                return null;
            }
        }
        if (rule.schema() != null) {
            String violations = rule.schema().violations(document);
            if (violations != null) {
                GatewayReplies.error(exchange, 400, "Schema validation has failed: " + violations);
                return null;
            }
        }
        try {
            return new StationValue(json ? values.ofJson(payload.value(), document) : values.ofBody(payload.value()),
                    document);
        } catch (IllegalArgumentException e) {
            GatewayReplies.error(exchange, 400, "Invalid message: " + e.getMessage());
            return null;
        }
    }

    /** A station that names a protobuf message type takes those messages only; null when refused. */
    private StationValue protobufValue(HttpServerExchange exchange, Request request, Payload payload) {
        StationValues values = request.rule().values();
        if (payload.format() != PayloadFormat.PROTOBUF) {
            GatewayReplies.error(exchange, 415, values.protobufOnlyReason(request.topic())
                    + ": send them as application/x-protobuf" + (payload.event()
                    ? ", or as CloudEvents whose datacontenttype is application/x-protobuf" : ""));
            return null;
        }
        try {
            return new StationValue(values.ofProtobuf(payload.value()), null);
        } catch (IllegalArgumentException e) {
            GatewayReplies.error(exchange, 400, "Invalid message: " + e.getMessage());
            return null;
        }
    }

    /** A message's record value, and its parsed JSON document when a key or nothing else needs it. */
    private record StationValue(TypedValue value, JsonNode document) {
    }

    private void offer(HttpServerExchange exchange, IngestMessage message, PendingReply reply,
                       IdempotentRequest idempotent) {
        // Checked once the topic is known, so its own max.message.bytes counts too.
        String tooLarge = settings.recordSizeLimit().refusal(message);
        if (tooLarge != null) {
            GatewayReplies.error(exchange, 413, tooLarge);
            return;
        }
        IdempotencyKeys.Claim claim = idempotent == null ? null : idempotent.claim(settings.idempotency());
        if (claim instanceof IdempotencyKeys.Claim.Mismatch) {
            GatewayReplies.error(exchange, 422, idempotent.mismatch());
            return;
        }
        if (claim instanceof IdempotencyKeys.Claim.Full) {
            GatewayReplies.retryLater(exchange, 503, IdempotentRequest.FULL, settings.retryAfterSeconds());
            return;
        }
        if (claim instanceof IdempotencyKeys.Claim.Repeat repeat) {
            // Answered with the first attempt's fate; nothing is written again.
            reply.timer = exchange.getIoThread().executeAfter(
                    () -> reply.answer(IdempotencyKeys.stillUnknown(settings.ackTimeoutMs())),
                    settings.ackTimeoutMs(), TimeUnit.MILLISECONDS);
            exchange.dispatch();
            repeat.entry().fate().thenAccept(reply::answer);
            return;
        }
        IdempotencyKeys.Entry first = claim instanceof IdempotencyKeys.Claim.First f ? f.entry() : null;
        if (first != null) {
            idempotent.track(settings.idempotency(), first, message);
        }
        // The timer is armed before the offer; both it and the answer run on this I/O thread, after we return.
        reply.timer = exchange.getIoThread().executeAfter(
                () -> message.timedOut(ackTimeoutDetail()),
                settings.ackTimeoutMs(), TimeUnit.MILLISECONDS);
        switch (sink.offer(message)) {
            case ACCEPTED -> exchange.dispatch();
            case FULL -> {
                reply.timer.remove();
                releaseIfFirst(idempotent, first);
                queueFull(exchange);
            }
            case STOPPED -> {
                reply.timer.remove();
                releaseIfFirst(idempotent, first);
                stopping(exchange);
            }
        }
    }

    /** The message never reached the queue: a retry with its idempotency key is free to write. */
    private void releaseIfFirst(IdempotentRequest idempotent, IdempotencyKeys.Entry first) {
        if (first != null) {
            idempotent.release(settings.idempotency(), first);
        }
    }

    /** The answer to one request, sent once from whichever thread learns the outcome. */
    private final class PendingReply {
        private final HttpServerExchange exchange;
        private final AtomicBoolean answered = new AtomicBoolean();
        private XnioExecutor.Key timer;

        PendingReply(HttpServerExchange exchange) {
            this.exchange = exchange;
        }

        /** The first call answers: a repeated key's timeout and the first attempt's fate may both come. */
        void answer(Outcome outcome) {
            if (answered.getAndSet(true)) {
                return;
            }
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
