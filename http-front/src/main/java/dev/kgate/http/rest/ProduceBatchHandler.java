package dev.kgate.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kgate.http.access.PrincipalLimits;
import dev.kgate.http.cloudevents.InvalidCloudEventException;
import dev.kgate.http.ingest.IngestMessage;
import dev.kgate.http.ingest.MessageSink;
import dev.kgate.http.ingest.Outcome;
import dev.kgate.http.ingest.TypedValue;
import dev.kgate.http.route.StationRule;
import dev.kgate.http.route.StationValues;
import dev.kgate.http.util.JsonErrors;
import io.undertow.server.HttpServerExchange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code POST /stations/{station}/produce/batch}: a JSON array, one record per element, each element's bytes
 * exactly as sent (NDJSON: one per line; an array of CloudEvents: each event's data). Every element is validated
 * first; the valid ones are written, the invalid ones are not, and the reply (after every acknowledgement) says which
 * is which.
 */
public final class ProduceBatchHandler extends ProduceRoute {

    public ProduceBatchHandler(IngestSettings settings, MessageSink sink, PrincipalLimits limits) {
        super(settings, sink, limits);
    }

    @Override
    PayloadFormat formatOf(String contentType) {
        return ContentTypes.batchFormatOf(contentType);
    }

    @Override
    String acceptedTypes() {
        return ContentTypes.BATCH_ACCEPTED;
    }

    @Override
    void onBody(HttpServerExchange exchange, Request request, byte[] body) {
        if (exchange.getRequestHeaders().contains(IdempotentRequest.HEADER)) {
            // Refused rather than ignored: a client relying on it would write duplicates on retry.
            GatewayReplies.error(exchange, 400, "Idempotency-Key applies to /produce/single and to /socket/in"
                    + " frames; batches are not deduplicated: send each message with its own key, or retry the"
                    + " batch's failed elements only");
            return;
        }
        StationValues values = request.rule().values();
        if (values.protobufType() != null && request.format() != PayloadFormat.CLOUDEVENT_BATCH) {
            GatewayReplies.error(exchange, 415, values.protobufOnlyReason(request.topic()) + ": a batch of them is an"
                    + " application/cloudevents-batch+json array whose events carry data_base64 with datacontenttype"
                    + " application/x-protobuf; or post each to /produce/single");
            return;
        }
        boolean lines = request.format() == PayloadFormat.NDJSON;
        // An array of CloudEvents is sliced like any JSON array; each element is then read as one event.
        PayloadFormat elementFormat = request.format() == PayloadFormat.CLOUDEVENT_BATCH
                ? PayloadFormat.CLOUDEVENT_STRUCTURED : PayloadFormat.JSON;
        List<byte[]> elements;
        try {
            elements = lines ? JsonBodies.lines(body) : JsonBodies.arrayElements(body);
        } catch (IOException e) {
            GatewayReplies.error(exchange, 400, (lines ? "The body is not NDJSON: " : "The body is not a valid JSON"
                    + " array: ") + JsonErrors.describe(e));
            return;
        }
        if (elements.isEmpty()) {
            GatewayReplies.error(exchange, 400, "The batch is empty");
            return;
        }
        if (elements.size() > settings.batchMaxElements()) {
            GatewayReplies.error(exchange, 413, "The batch has " + elements.size() + " messages; at most "
                    + settings.batchMaxElements() + " are accepted");
            return;
        }
        BatchReply reply = new BatchReply(exchange, elements.size(), settings.retryAfterSeconds());
        List<Element> valid = new ArrayList<>(elements.size());
        StationRule rule = request.rule();
        boolean needsTree = rule.schema() != null || rule.values().jsonOnly()
                || (rule.key() != null && rule.key().needsJsonBody());
        for (int i = 0; i < elements.size(); i++) {
            Payload element;
            try {
                element = payloadOf(exchange, request, elementFormat, elements.get(i));
            } catch (InvalidCloudEventException e) {
                reply.invalid(i, "not a valid CloudEvent: " + e.getMessage());
                continue;
            }
            JsonNode json = null;
            try {
                if (needsTree && element.format() == PayloadFormat.JSON) {
                    json = JsonBodies.parse(element.value());
                } else if (lines) {
                    // An array was checked whole when it was sliced; each line is a document of its own.
                    JsonBodies.checkWellFormed(element.value());
                }
            } catch (IOException e) {
                reply.invalid(i, "not valid JSON: " + JsonErrors.describe(e));
                continue;
            }
            if (rule.schema() != null && json == null) {
                reply.invalid(i, "the station validates messages against a JSON Schema, and this event's data is not"
                        + " JSON");
                continue;
            }
            String violations = rule.schema() == null ? null : rule.schema().violations(json);
            if (violations != null) {
                reply.invalid(i, "Schema validation has failed: " + violations);
                continue;
            }
            if (values.protobufType() != null && element.format() != PayloadFormat.PROTOBUF) {
                reply.invalid(i, values.protobufOnlyReason(request.topic()) + ": this event's datacontenttype is"
                        + " not application/x-protobuf");
                continue;
            }
            TypedValue value;
            try {
                value = values.protobufType() != null ? values.ofProtobuf(element.value())
                        : element.format() == PayloadFormat.JSON ? values.ofJson(element.value(), json)
                        : values.ofBody(element.value());
            } catch (IllegalArgumentException e) {
                reply.invalid(i, "Invalid message: " + e.getMessage());
                continue;
            }
            byte[] key = rule.key() == null ? null : rule.key().keyOf(exchange, json);
            int index = i;
            valid.add(new Element(index, new IngestMessage(request.topic(), keyOrNull(key), value,
                    element.headers(), null,
                    outcome -> reply.completed(index, outcome))));
        }
        if (valid.isEmpty()) {
            return;
        }
        whenTopicExists(exchange, request.topic(), () -> offerAll(exchange, valid, reply));
    }

    /** A message of the batch and its place in it. */
    private record Element(int index, IngestMessage message) {
    }

    private void offerAll(HttpServerExchange exchange, List<Element> elements, BatchReply reply) {
        // Checked once the topic is known, so its own max.message.bytes counts too; refused ones are never offered.
        List<IngestMessage> valid = new ArrayList<>(elements.size());
        for (Element element : elements) {
            String tooLarge = settings.recordSizeLimit().refusal(element.message());
            if (tooLarge != null) {
                reply.invalid(element.index(), tooLarge);
            } else {
                valid.add(element.message());
            }
        }
        if (valid.isEmpty()) {
            return;
        }
        // Armed before the offers; it and the reply run on this I/O thread, after we return.
        String detail = ackTimeoutDetail();
        reply.timer = exchange.getIoThread().executeAfter(() -> valid.forEach(m -> m.timedOut(detail)),
                settings.ackTimeoutMs(), TimeUnit.MILLISECONDS);
        exchange.dispatch();
        for (IngestMessage message : valid) {
            switch (sink.offer(message)) {
                case ACCEPTED -> { }
                case FULL -> message.refused("the gateway's queue is full");
                case PAUSED -> message.refused("the connector is paused");
                case STOPPED -> message.refused("the gateway is stopping");
            }
        }
    }

    /**
     * Collects one outcome per element and answers once all are in. Outcomes come from the producer's callback
     * thread and are counted there; only the last one hops to the I/O thread, which writes the answer.
     */
    private static final class BatchReply {

        private final HttpServerExchange exchange;
        private final int retryAfterSeconds;
        private final Outcome[] outcomes;
        private final String[] invalid;
        // Each element is counted once (invalid, or its message's one outcome); the decrement that reaches 0 saw
        // every element's write before it.
        private final AtomicInteger remaining;
        private volatile org.xnio.XnioExecutor.Key timer;

        BatchReply(HttpServerExchange exchange, int size, int retryAfterSeconds) {
            this.exchange = exchange;
            this.retryAfterSeconds = retryAfterSeconds;
            this.outcomes = new Outcome[size];
            this.invalid = new String[size];
            this.remaining = new AtomicInteger(size);
        }

        /** Called on the I/O thread, while the batch is validated. */
        void invalid(int index, String reason) {
            invalid[index] = reason;
            countDown();
        }

        /** Called from any thread (usually the producer callback). */
        void completed(int index, Outcome outcome) {
            outcomes[index] = outcome;
            countDown();
        }

        private void countDown() {
            if (remaining.decrementAndGet() > 0) {
                return;
            }
            if (exchange.isInIoThread()) {
                send();
            } else {
                exchange.getIoThread().execute(this::send);
            }
        }

        private void send() {
            if (timer != null) {
                timer.remove();
            }
            List<String> errors = new ArrayList<>();
            int status = 200;
            boolean retryAfter = false;
            for (int i = 0; i < outcomes.length; i++) {
                if (invalid[i] != null) {
                    errors.add("message " + i + ": " + invalid[i]);
                    status = 400;
                } else if (outcomes[i].kind() != Outcome.Kind.WRITTEN) {
                    OutcomeStatus failure = OutcomeStatus.of(outcomes[i]);
                    errors.add("message " + i + ": " + outcomes[i].describe());
                    if (status == 200) {
                        status = failure.code();
                        retryAfter = failure.retryAfter();
                    }
                }
            }
            GatewayReplies.sendBytes(exchange, status, GatewayReplies.batchBytes(errors, outcomes),
                    retryAfter && status == 503 ? retryAfterSeconds : 0);
        }
    }
}
