package dev.kgate.http.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.ingest.Outcome;
import dev.kgate.http.ingest.WriteResult;
import dev.kgate.http.body.RefusalAnswer;
import dev.kgate.http.util.JsonBytes;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.nio.ByteBuffer;
import java.util.List;

/** The REST gateway's JSON bodies, written on the exchange's I/O thread whichever thread calls. */
public final class GatewayReplies {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";
    private static final byte[] ACK_TOPIC = JsonBytes.ascii("{\"success\":true,\"error\":null,\"topic\":");
    private static final byte[] ACK_PARTITION = JsonBytes.ascii(",\"partition\":");
    private static final byte[] ACK_OFFSET = JsonBytes.ascii(",\"offset\":");
    private static final byte[] ACK_TIMESTAMP = JsonBytes.ascii(",\"timestamp\":");
    private static final byte[] BATCH_WRITTEN = JsonBytes.ascii("{\"success\":true,\"error\":null");
    private static final byte[] BATCH_FAILED = JsonBytes.ascii("{\"success\":false,\"error\":");
    private static final byte[] BATCH_SENT = JsonBytes.ascii(",\"sent\":");
    private static final byte[] BATCH_FAIL = JsonBytes.ascii(",\"fail\":");
    private static final byte[] BATCH_ERRORS = JsonBytes.ascii(",\"errors\":[");
    private static final byte[] BATCH_RESULTS = JsonBytes.ascii("],\"results\":[");
    private static final byte[] RESULT_INDEX = JsonBytes.ascii("{\"index\":");
    private static final byte[] RESULT_TOPIC = JsonBytes.ascii(",\"topic\":");

    /** The seed API's success body, plus where Kafka stored the message. */
    record Ack(boolean success, String error, String topic, int partition, long offset, long timestamp) {
    }

    /** The batch route's body, as {@link #batchBytes} writes it. */
    record BatchBody(boolean success, String error, int sent, int fail, List<String> errors,
                     List<BatchResult> results) {
    }

    /** Where one element of a batch was stored. */
    record BatchResult(int index, String topic, int partition, long offset, long timestamp) {
    }

    /** The seed API's error body. */
    record Failure(boolean success, String error) {
    }

    /** The error body of the auth routes and of requests refused before a WebSocket upgrade. */
    record Message(String message) {
    }

    private GatewayReplies() {
    }

    public static void ack(HttpServerExchange exchange, WriteResult result) {
        sendBytes(exchange, 200, ackBytes(result), 0);
    }

    /** {@link Ack} as Jackson writes it, written by hand: there is one per message. */
    static byte[] ackBytes(WriteResult result) {
        return JsonBytes.forThisThread().reset().raw(ACK_TOPIC).string(result.topic())
                .raw(ACK_PARTITION).number(result.partition())
                .raw(ACK_OFFSET).number(result.offset())
                .raw(ACK_TIMESTAMP).number(result.timestamp()).raw('}').toByteArray();
    }

    /**
     * The batch route's body, {@code {"success","error","sent","fail","errors":[...],"results":[...]}} as Jackson
     * writes {@link BatchBody}, written by hand: a batch of 500 has 500 results.
     *
     * @param errors one per element not written, in order
     * @param outcomes every element's outcome; null for an element refused before it was offered
     */
    static byte[] batchBytes(List<String> errors, Outcome[] outcomes) {
        int fail = errors.size();
        JsonBytes json = JsonBytes.forThisThread().reset();
        if (fail == 0) {
            json.raw(BATCH_WRITTEN);
        } else {
            json.raw(BATCH_FAILED).string(fail + " of " + outcomes.length + " messages were not written");
        }
        json.raw(BATCH_SENT).number(outcomes.length - fail).raw(BATCH_FAIL).number(fail).raw(BATCH_ERRORS);
        for (int i = 0; i < fail; i++) {
            (i == 0 ? json : json.raw(',')).string(errors.get(i));
        }
        json.raw(BATCH_RESULTS);
        boolean first = true;
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] != null && outcomes[i].kind() == Outcome.Kind.WRITTEN) {
                WriteResult result = outcomes[i].result();
                (first ? json : json.raw(',')).raw(RESULT_INDEX).number(i)
                        .raw(RESULT_TOPIC).string(result.topic())
                        .raw(ACK_PARTITION).number(result.partition())
                        .raw(ACK_OFFSET).number(result.offset())
                        .raw(ACK_TIMESTAMP).number(result.timestamp()).raw('}');
                first = false;
            }
        }
        return json.raw(']').raw('}').toByteArray();
    }

    public static void error(HttpServerExchange exchange, int status, String error) {
        send(exchange, status, new Failure(false, error), 0);
    }

    /** An error the client should retry after {@code retryAfterSeconds} (503 with {@code Retry-After}). */
    public static void retryLater(HttpServerExchange exchange, int status, String error, int retryAfterSeconds) {
        send(exchange, status, new Failure(false, error), retryAfterSeconds);
    }

    /** The seed API's error body for a request refused before its body was read whole. */
    public static RefusalAnswer refusal(int status, String error, int retryAfterSeconds) {
        return new RefusalAnswer(status, bytesOf(new Failure(false, error)), retryAfterSeconds);
    }

    public static void message(HttpServerExchange exchange, int status, String message) {
        send(exchange, status, new Message(message), 0);
    }

    /** {@code {"message": ...}} that the client may retry after {@code retryAfterSeconds} (429, 503). */
    public static void message(HttpServerExchange exchange, int status, String message, int retryAfterSeconds) {
        send(exchange, status, new Message(message), retryAfterSeconds);
    }

    /** Any body, serialized as JSON. */
    public static void json(HttpServerExchange exchange, int status, Object body) {
        send(exchange, status, body, 0);
    }

    public static void json(HttpServerExchange exchange, int status, Object body, int retryAfterSeconds) {
        send(exchange, status, body, retryAfterSeconds);
    }

    private static void send(HttpServerExchange exchange, int status, Object body, int retryAfterSeconds) {
        sendBytes(exchange, status, bytesOf(body), retryAfterSeconds);
    }

    /**
     * The body is serialized on the caller's thread; the response is written on the exchange's I/O thread, with a
     * Retry-After when {@code retryAfterSeconds} > 0.
     */
    static void sendBytes(HttpServerExchange exchange, int status, byte[] bytes, int retryAfterSeconds) {
        if (!exchange.isInIoThread()) {
            exchange.getIoThread().execute(() -> sendBytes(exchange, status, bytes, retryAfterSeconds));
            return;
        }
        if (exchange.isResponseStarted()) {
            return;
        }
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, JSON_TYPE);
        if (retryAfterSeconds > 0) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, retryAfterSeconds);
        }
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
    }


    private static byte[] bytesOf(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize a reply body", e);
        }
    }
}
