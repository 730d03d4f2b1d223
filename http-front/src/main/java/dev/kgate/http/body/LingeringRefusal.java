package dev.kgate.http.body;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Answers a request whose body was not read whole, then closes its connection the way a client can read the answer:
 * the answer is written and flushed while the client may still be sending, the rest of the body is read and thrown
 * away for a bounded time and number of bytes, and only then is the connection closed. Closing at once would reset
 * a connection with unread input, and the client's TCP stack would drop the answer it had not read yet. The request
 * is never handed back to Undertow, whose own end-of-exchange drain would read on without bound or reset first.
 */
final class LingeringRefusal {

    /** How long, and how many more bytes, a refused client gets to stop sending and read its answer. */
    static final long LINGER_MS = 2_000;
    static final long LINGER_BYTES = 8L * 1024 * 1024;

    private final HttpServerExchange exchange;
    private final StreamSourceChannel request;
    private final ByteBuffer scratch = ByteBuffer.allocate(16 * 1024);
    private long discarded;
    private XnioExecutor.Key timer;
    private boolean closed;

    private LingeringRefusal(HttpServerExchange exchange, StreamSourceChannel request) {
        this.exchange = exchange;
        this.request = request;
    }

    /** @param request the request channel, already taken from the exchange; null when it was never taken */
    static void answer(HttpServerExchange exchange, StreamSourceChannel request, RefusalAnswer answer) {
        StreamSourceChannel channel = request != null ? request : exchange.getRequestChannel();
        LingeringRefusal refusal = new LingeringRefusal(exchange, channel);
        refusal.timer = exchange.getIoThread().executeAfter(refusal::close, LINGER_MS, TimeUnit.MILLISECONDS);
        refusal.discard();
        refusal.write(answer);
    }

    private void write(RefusalAnswer answer) {
        exchange.setStatusCode(answer.status());
        exchange.setPersistent(false);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, answer.json().length);
        exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
        if (answer.retryAfterSeconds() > 0) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, answer.retryAfterSeconds());
        }
        StreamSinkChannel response = exchange.getResponseChannel();
        ByteBuffer body = ByteBuffer.wrap(answer.json());
        response.getWriteSetter().set(channel -> writeSome(channel, body));
        writeSome(response, body);
    }

    private void writeSome(StreamSinkChannel response, ByteBuffer body) {
        if (closed) {
            return;
        }
        try {
            while (body.hasRemaining()) {
                if (response.write(body) == 0) {
                    response.resumeWrites();
                    return;
                }
            }
            if (response.flush()) {
                response.suspendWrites();
            } else {
                response.resumeWrites();
            }
        } catch (IOException e) {
            close();
        }
    }

    private void discard() {
        if (request == null) {
            return;
        }
        request.getReadSetter().set(channel -> discardSome());
        discardSome();
    }

    private void discardSome() {
        if (closed) {
            return;
        }
        try {
            while (true) {
                scratch.clear();
                int read = request.read(scratch);
                if (read < 0 || discarded > LINGER_BYTES) {
                    // The client finished sending (or sent too much more): nothing left to wait for.
                    exchange.getIoThread().executeAfter(this::close, 200, TimeUnit.MILLISECONDS);
                    request.suspendReads();
                    return;
                }
                if (read == 0) {
                    request.resumeReads();
                    return;
                }
                discarded += read;
            }
        } catch (IOException e) {
            close();
        }
    }

    private void close() {
        if (!closed) {
            closed = true;
            if (timer != null) {
                timer.remove();
            }
            IoUtils.safeClose(exchange.getConnection());
        }
    }
}
