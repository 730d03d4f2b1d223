package dev.kgate.http.metrics;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;

/**
 * A request body's size as it arrived: its Content-Length, or for a chunked body what was read of it. Only a chunked
 * body needs remembering (one attachment); a body nobody read counts as what it declared.
 */
public final class RequestBytes {

    private static final AttachmentKey<Long> READ = AttachmentKey.create(Long.class);

    private RequestBytes() {
    }

    /** Called by whoever read the body, with the bytes it read. */
    public static void read(HttpServerExchange exchange, long bytes) {
        if (exchange.getRequestContentLength() < 0) {
            exchange.putAttachment(READ, bytes);
        }
    }

    /** @return the body's bytes, 0 when it had none or nobody read a chunked one */
    public static long of(HttpServerExchange exchange) {
        long declared = exchange.getRequestContentLength();
        if (declared >= 0) {
            return declared;
        }
        Long read = exchange.getAttachment(READ);
        return read == null ? 0 : read;
    }
}
