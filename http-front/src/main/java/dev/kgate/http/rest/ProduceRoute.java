package dev.kgate.http.rest;

import dev.kgate.http.access.Principal;
import dev.kgate.http.access.PrincipalLimits;
import dev.kgate.http.body.BodyReader;
import dev.kgate.http.body.ContentEncoding;
import dev.kgate.http.body.GzipBodies;
import dev.kgate.http.body.RefusalAnswer;
import dev.kgate.http.cloudevents.BinaryCloudEvents;
import dev.kgate.http.cloudevents.CloudEventHeaders;
import dev.kgate.http.cloudevents.CloudEventRecord;
import dev.kgate.http.cloudevents.InvalidCloudEventException;
import dev.kgate.http.cloudevents.StructuredCloudEvents;
import dev.kgate.http.cluster.TopicExistence;
import dev.kgate.http.ingest.MessageHeader;
import dev.kgate.http.ingest.MessageSink;
import dev.kgate.http.ingest.TypedValue;
import dev.kgate.http.metrics.RefusalReason;
import dev.kgate.http.pipeline.ApiShape;
import dev.kgate.http.pipeline.Refusal;
import dev.kgate.http.route.StationRule;
import dev.kgate.http.webhook.WebhookSignature;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.HttpHandler;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The checks every produce route makes, in order, before the body is read, once the pipeline has authenticated and
 * authorized the request: the content type and encoding (415) and the queue's room for the declared size (503). Then
 * the body is read without blocking, within its size limit (413) and deadline (408); a signed station's signature is
 * checked on its exact bytes (401, 409 for a replay), a gzip body is inflated within the same size limit (413, 400),
 * and only then is the body handed to the route. Everything here runs on the I/O thread.
 */
abstract class ProduceRoute implements HttpHandler {

    /** Who asked, for what, and what applies to it. */
    record Request(String topic, String user, StationRule rule, PayloadFormat format) {
    }

    protected final IngestSettings settings;
    protected final MessageSink sink;
    private final PrincipalLimits limits;

    ProduceRoute(IngestSettings settings, MessageSink sink, PrincipalLimits limits) {
        this.settings = settings;
        this.sink = sink;
        this.limits = limits;
    }

    /**
     * The station a request names: its path segment. Undertow strips {@code ;x} from a segment, so "orders;x"
     * would be written to "orders": refused instead.
     */
    static String stationOf(HttpServerExchange exchange) {
        if (!exchange.getPathParameters().isEmpty()) {
            throw new Refusal(400, "Station names cannot contain ';'");
        }
        return exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters().get("station");
    }

    /** @return the payload format for this content type, or null when the route does not accept it */
    abstract PayloadFormat formatOf(String contentType);

    /** @return the payload format of the request, or null when the route does not accept it */
    PayloadFormat formatOf(HeaderMap headers) {
        return formatOf(headers.getFirst(Headers.CONTENT_TYPE));
    }

    abstract String acceptedTypes();

    abstract void onBody(HttpServerExchange exchange, Request request, byte[] body);

    @Override
    public final void handleRequest(HttpServerExchange exchange) {
        String topic = stationOf(exchange);
        PayloadFormat format = formatOf(exchange.getRequestHeaders());
        if (format == null) {
            GatewayReplies.error(exchange, 415, "Unsupported content type: use " + acceptedTypes());
            return;
        }
        ContentEncoding encoding = ContentEncoding.of(exchange.getRequestHeaders().get(Headers.CONTENT_ENCODING));
        if (encoding == null) {
            // Written as sent, a compressed body would land in Kafka still compressed, as if it were the message.
            GatewayReplies.error(exchange, 415, "Unsupported content encoding: " + ContentEncoding.ACCEPTED);
            return;
        }
        long length = exchange.getRequestContentLength();
        // A declared length over the limit is refused by the body reader, which lets the client read its 413.
        if (length > 0 && length <= settings.maxBodyBytes() && !sink.hasRoomFor(length)) {
            // Refused before the body is read, so a full queue costs no memory.
            queueFull(exchange);
            return;
        }
        Principal principal = Principal.of(exchange);
        Request request = new Request(topic, principal.recordedName(), settings.rules().ruleFor(topic), format);
        WebhookSignature signature = request.rule().signature();
        if (signature == null && principal.webhook()) {
            // The authorizer lets a webhook in only where its rule applies, which has a signature; never trust that.
            ApiShape.REST_GATEWAY.refuse(exchange, new Refusal(401, "Unauthorized: no credentials"));
            return;
        }
        BodyReader.read(exchange, settings.maxBodyBytes(), settings.requestTimeoutMs(), (ex, body) -> {
            // The signature first, on the bytes as sent: an unverified request must not spend its (webhook)
            // principal's rate, nor the CPU of inflating its body.
            if (signature == null || signed(ex, signature, body)) {
                byte[] decoded = decoded(ex, encoding, body);
                if (decoded != null) {
                    withinLimits(ex, principal, request, decoded);
                }
            }
        }, this::readFailed);
    }

    /**
     * The body as the client meant it: inflated when it came gzip-compressed, within the same size limit as any body.
     * This runs on the I/O thread, like parsing the body next: inflating is CPU work, but bounded, since never more
     * than {@code http.max.body.bytes} plus one byte come out, whatever the body would inflate to (at the default
     * 4 MiB, ~25 ms of text or ~13 ms of a bomb on this project's 2-core CI machine).
     *
     * @return null when the request was refused (413 over the limit, 400 not gzip)
     */
    private byte[] decoded(HttpServerExchange exchange, ContentEncoding encoding, byte[] body) {
        if (encoding == ContentEncoding.IDENTITY) {
            return body;
        }
        try {
            return GzipBodies.inflate(body, settings.maxBodyBytes());
        } catch (GzipBodies.TooLarge e) {
            GatewayReplies.error(exchange, 413, "The body is larger than " + settings.maxBodyBytes()
                    + " bytes once decompressed: message not written");
        } catch (GzipBodies.Corrupt e) {
            GatewayReplies.error(exchange, 400, "The body cannot be decompressed (Content-Encoding: gzip): "
                    + e.getMessage());
        }
        return null;
    }

    /**
     * Checks the signature on the body as it arrived, before anything parses or queues it. Every request to the
     * station passes here, whatever credentials it carries; a webhook principal is only provisional until it has.
     *
     * @return false when the request was refused
     */
    private boolean signed(HttpServerExchange exchange, WebhookSignature signature, byte[] body) {
        try {
            signature.check(exchange, body);
            return true;
        } catch (Refusal refusal) {
            ApiShape.REST_GATEWAY.refuse(exchange, refusal.status() == 503
                    ? new Refusal(503, refusal.getMessage(), settings.retryAfterSeconds()) : refusal);
            return false;
        }
    }

    /** The principal's rate: a request and its bytes, or 429 with nothing written. */
    private void withinLimits(HttpServerExchange exchange, Principal principal, Request request, byte[] body) {
        long waitMs = limits.admit(principal, body.length);
        if (waitMs > 0) {
            GatewayReplies.retryLater(exchange, 429, "Over the rate allowed to '" + principal.name() + "': message"
                    + " not written, retry later", (int) Math.max(1, (waitMs + 999) / 1000));
            return;
        }
        onBody(exchange, request, body);
    }

    /**
     * Runs {@code offer} on the I/O thread once the topic is known to exist (or may be created by this principal),
     * at once when that is cached; answers 404 or 503 instead when it does not exist or cannot be checked.
     */
    final void whenTopicExists(HttpServerExchange exchange, String topic, Runnable offer) {
        CompletableFuture<TopicExistence.Verdict> verdict = settings.topics()
                .checkForWriting(topic, Principal.of(exchange)).toCompletableFuture();
        if (verdict.isDone()) {
            proceed(exchange, topic, verdict.join(), offer);
            return;
        }
        exchange.dispatch();
        verdict.thenAccept(v -> exchange.getIoThread().execute(() -> proceed(exchange, topic, v, offer)));
    }

    private void proceed(HttpServerExchange exchange, String topic, TopicExistence.Verdict verdict, Runnable offer) {
        switch (verdict) {
            case EXISTS -> offer.run();
            case MISSING -> GatewayReplies.error(exchange, 404, TopicExistence.missing(topic));
            case CANNOT_CHECK -> GatewayReplies.retryLater(exchange, 503, TopicExistence.cannotCheck(topic),
                    settings.retryAfterSeconds());
        }
    }

    /**
     * What a body, or one element of a batch, is written as: a CloudEvent's data with its attributes as headers (in
     * addition to the forwarded ones), or the bytes as sent with the forwarded headers.
     *
     * @param format the body's format, or for a batch the element's
     * @throws InvalidCloudEventException when a CloudEvent is not valid: nothing of it may be written
     */
    final Payload payloadOf(HttpServerExchange exchange, Request request, PayloadFormat format, byte[] body)
            throws InvalidCloudEventException {
        CloudEventRecord event = switch (format) {
            case CLOUDEVENT_STRUCTURED -> StructuredCloudEvents.read(body);
            case CLOUDEVENT_BINARY -> BinaryCloudEvents.read(exchange.getRequestHeaders(), body);
            default -> null;
        };
        List<MessageHeader> forwarded = settings.headers().headersOf(exchange, request.user());
        if (event == null) {
            return new Payload(body, format, forwarded, false);
        }
        return new Payload(event.value(), ContentTypes.dataFormatOf(event),
                CloudEventHeaders.recordHeaders(forwarded, settings.headers().usernameHeader(), event), true);
    }

    /** REST bodies and keys are written byte for byte, whatever their content type. */
    static TypedValue keyOrNull(byte[] key) {
        return key == null ? null : TypedValue.bytes(key);
    }

    /** Why a message timed out, for its client. */
    final String ackTimeoutDetail() {
        return "no acknowledgement from Kafka within " + settings.ackTimeoutMs() + " ms";
    }

    final void queueFull(HttpServerExchange exchange) {
        RefusalReason.QUEUE_FULL.markOn(exchange);
        GatewayReplies.retryLater(exchange, 503, "The gateway's queue is full: message not written, retry later",
                settings.retryAfterSeconds());
    }

    final void paused(HttpServerExchange exchange) {
        RefusalReason.PAUSED.markOn(exchange);
        GatewayReplies.retryLater(exchange, 503, "The connector is paused: message not written, retry once it is"
                + " resumed", settings.retryAfterSeconds());
    }

    final void stopping(HttpServerExchange exchange) {
        RefusalReason.STOPPING.markOn(exchange);
        GatewayReplies.retryLater(exchange, 503, "The gateway is stopping: message not written, retry",
                settings.retryAfterSeconds());
    }


    /** The body was not read whole: answered, then the connection closes, since more of it may be on its way. */
    private RefusalAnswer readFailed(BodyReader.Refusal refusal) {
        return switch (refusal) {
            case TOO_LARGE -> GatewayReplies.refusal(413, "The body is larger than " + settings.maxBodyBytes()
                    + " bytes", 0);
            case NO_ROOM -> GatewayReplies.refusal(503, "The gateway holds as much unfinished input as it may:"
                    + " message not written, retry later", settings.retryAfterSeconds());
            case TOO_SLOW -> GatewayReplies.refusal(408, "The body did not arrive within "
                    + settings.requestTimeoutMs() + " ms: message not written", 0);
            case BROKEN -> GatewayReplies.refusal(400, "The body is malformed or was cut off: message not written", 0);
        };
    }
}
