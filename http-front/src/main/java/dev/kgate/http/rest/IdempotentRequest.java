package dev.kgate.http.rest;

import dev.kgate.http.idempotency.IdempotencyKeys;
import dev.kgate.http.ingest.IngestMessage;
import dev.kgate.http.ingest.MessageHeader;
import dev.kgate.http.ingest.Outcome;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;

import java.util.List;

/**
 * A single post that carries an {@code Idempotency-Key} header: its key, the digest that tells a retry of the same
 * message from a reuse of the key for another, and the record header that carries the key to consumers.
 */
final class IdempotentRequest {

    static final HttpString HEADER = new HttpString("Idempotency-Key");
    static final String FULL = "The gateway remembers as many idempotency keys as it may: message not written, retry"
            + " later";

    private final String station;
    private final String key;
    private final byte[] digest;

    private IdempotentRequest(String station, String key, byte[] digest) {
        this.station = station;
        this.key = key;
        this.digest = digest;
    }

    /**
     * @return null when the request has no key
     * @throws IllegalArgumentException when the key is not a valid one, or is given twice
     */
    static IdempotentRequest of(HttpServerExchange exchange, String station, byte[] recordKey, byte[] body) {
        var values = exchange.getRequestHeaders().get(HEADER);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new IllegalArgumentException("Idempotency-Key is given more than once");
        }
        String key = values.getFirst();
        String problem = IdempotencyKeys.problem(key);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new IdempotentRequest(station, key, IdempotencyKeys.digest(recordKey, body));
    }

    IdempotencyKeys.Claim claim(IdempotencyKeys keys) {
        return keys.claim(station, key, digest);
    }

    void track(IdempotencyKeys keys, IdempotencyKeys.Entry first, IngestMessage message) {
        keys.track(station, key, first, message);
    }

    /** The first attempt never reached the queue: a retry is free to write. */
    void release(IdempotencyKeys keys, IdempotencyKeys.Entry first) {
        keys.release(station, key, first, Outcome.of(Outcome.Kind.NOT_WRITTEN, "not queued"));
    }

    List<MessageHeader> withKeyHeader(List<MessageHeader> headers) {
        return IdempotencyKeys.withKeyHeader(headers, key);
    }

    String mismatch() {
        return "Idempotency-Key '" + key + "' was used for a different message on station '" + station
                + "': message not written; use a new key for a new message";
    }
}
