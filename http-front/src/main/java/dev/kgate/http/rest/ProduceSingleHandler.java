package dev.kgate.http.rest;

import dev.kgate.http.ingest.IngestMessage;
import dev.kgate.http.ingest.MessageSink;
import dev.kgate.http.ingest.Outcome;
import dev.kgate.http.ingest.PayloadFormat;
import io.undertow.io.Receiver;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;
import org.xnio.XnioExecutor;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /stations/{station}/produce/single}: one body, one record, answered after Kafka's acknowledgement.
 * Runs entirely on the I/O thread: the body is read without blocking, the answer comes from the producer callback.
 */
public final class ProduceSingleHandler implements HttpHandler {

    private final IngestSettings settings;
    private final MessageSink sink;

    public ProduceSingleHandler(IngestSettings settings, MessageSink sink) {
        this.settings = settings;
        this.sink = sink;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String topic = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters().get("station");
        String refusal = settings.topicPolicy().refusal(topic);
        if (refusal != null) {
            GatewayReplies.error(exchange, 400, refusal);
            return;
        }
        PayloadFormat format = ContentTypes.formatOf(exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE));
        if (format == null) {
            GatewayReplies.error(exchange, 415, "Unsupported content type: use text/*, application/json or"
                    + " application/x-protobuf");
            return;
        }
        long length = exchange.getRequestContentLength();
        if (length > settings.maxBodyBytes()) {
            tooLarge(exchange);
            return;
        }
        if (length > 0 && !sink.hasRoomFor(length)) {
            // Refuse before reading the body, so a full queue costs no memory.
            full(exchange);
            return;
        }
        Receiver receiver = exchange.getRequestReceiver();
        receiver.setMaxBufferSize(settings.maxBodyBytes());
        receiver.receiveFullBytes((ex, body) -> accept(ex, topic, format, body), ProduceSingleHandler::readFailed);
    }

    private void accept(HttpServerExchange exchange, String topic, PayloadFormat format, byte[] body) {
        if (body.length == 0) {
            GatewayReplies.error(exchange, 400, "The message body is empty");
            return;
        }
        PendingReply reply = new PendingReply(exchange);
        IngestMessage message = new IngestMessage(topic, null, body, format, List.of(), null, reply::answer);
        // The timer is armed before the offer; both it and the answer run on this I/O thread, after we return.
        reply.timer = exchange.getIoThread().executeAfter(
                () -> message.timedOut("no acknowledgement from Kafka within " + settings.ackTimeoutMs() + " ms"),
                settings.ackTimeoutMs(), TimeUnit.MILLISECONDS);
        switch (sink.offer(message)) {
            case ACCEPTED -> exchange.dispatch();
            case FULL -> {
                reply.timer.remove();
                full(exchange);
            }
            case STOPPED -> {
                reply.timer.remove();
                GatewayReplies.retryLater(exchange, 503, "The gateway is stopping: message not written, retry",
                        settings.retryAfterSeconds());
            }
        }
    }

    private void full(HttpServerExchange exchange) {
        GatewayReplies.retryLater(exchange, 503, "The gateway's queue is full: message not written, retry later",
                settings.retryAfterSeconds());
    }

    private void tooLarge(HttpServerExchange exchange) {
        GatewayReplies.error(exchange, 413, "The message body is larger than " + settings.maxBodyBytes() + " bytes");
    }

    private static void readFailed(HttpServerExchange exchange, IOException e) {
        if (e instanceof io.undertow.io.Receiver.RequestToLargeException) {
            GatewayReplies.error(exchange, 413, "The message body is too large");
        } else {
            // The client went away mid-body: nobody is left to answer.
            exchange.endExchange();
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
                reply(outcome);
            });
        }

        private void reply(Outcome outcome) {
            switch (outcome.kind()) {
                case WRITTEN -> GatewayReplies.ack(exchange, outcome.result());
                case DROPPED -> GatewayReplies.error(exchange, 422, "Message not written: " + outcome.detail());
                case NOT_WRITTEN -> GatewayReplies.retryLater(exchange, 503,
                        "Message not written (" + outcome.detail() + "): a retry is safe",
                        settings.retryAfterSeconds());
                case UNKNOWN_TIMED_OUT -> GatewayReplies.error(exchange, 504, "Outcome unknown ("
                        + outcome.detail() + "): the message may or may not be in Kafka; a retry may duplicate it");
                case UNKNOWN_STOPPED -> GatewayReplies.retryLater(exchange, 503, "Outcome unknown ("
                        + outcome.detail() + "): the message may or may not be in Kafka; a retry may duplicate it",
                        settings.retryAfterSeconds());
            }
        }
    }
}
