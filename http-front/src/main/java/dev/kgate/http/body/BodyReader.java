package dev.kgate.http.body;

import dev.kgate.http.listener.InputBudget;
import dev.kgate.http.metrics.RequestBytes;
import io.undertow.server.HttpServerExchange;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Reads a request body without blocking, on the exchange's I/O thread, and holds only the bytes that arrived: the
 * buffer grows as data comes in (never to a size the client merely announced), each growth is taken from the
 * listener's {@link InputBudget}, and the whole body must arrive before a deadline. Either the body goes to the route,
 * once, on the I/O thread, or the route's refusal is sent and the connection closed ({@link LingeringRefusal}).
 */
public final class BodyReader implements ChannelListener<StreamSourceChannel> {

    /** Why a body was not read. */
    public enum Refusal {
        /** More bytes than the route accepts. */
        TOO_LARGE,
        /** The listener holds as much unfinished input as it may: try again later. */
        NO_ROOM,
        /** The body did not arrive before the request deadline. */
        TOO_SLOW,
        /** The body's framing was broken (a bad chunk), or the connection broke mid-body. */
        BROKEN
    }

    /** Called with the complete body. */
    @FunctionalInterface
    public interface OnBody {
        void body(HttpServerExchange exchange, byte[] body);
    }

    /** Says what to answer when the body cannot be read; the reader sends it and closes the connection. */
    @FunctionalInterface
    public interface OnRefusal {
        RefusalAnswer answer(Refusal refusal);
    }

    private static final int FIRST_BUFFER_BYTES = 8 * 1024;

    private final HttpServerExchange exchange;
    private final int maxBytes;
    private final long declaredLength;
    private final InputBudget budget;
    private final OnBody onBody;
    private final OnRefusal onRefusal;
    private StreamSourceChannel channel;
    private XnioExecutor.Key deadline;
    private byte[] buffer = new byte[0];
    private int length;
    /** Taken from the budget: what the buffer holds beyond its free first {@value #FIRST_BUFFER_BYTES} bytes. */
    private long reserved;
    private boolean finished;

    private BodyReader(HttpServerExchange exchange, int maxBytes, OnBody onBody, OnRefusal onRefusal) {
        this.exchange = exchange;
        this.maxBytes = maxBytes;
        this.declaredLength = exchange.getRequestContentLength();
        this.budget = InputBudget.of(exchange);
        this.onBody = onBody;
        this.onRefusal = onRefusal;
    }

    /**
     * Reads the body of {@code exchange}, at most {@code maxBytes}, within {@code timeoutMs}; a declared length over
     * {@code maxBytes} is refused at once. Call on the I/O thread.
     */
    public static void read(HttpServerExchange exchange, int maxBytes, long timeoutMs, OnBody onBody,
                            OnRefusal onRefusal) {
        BodyReader reader = new BodyReader(exchange, maxBytes, onBody, onRefusal);
        // The listener leaves entity sizes unbounded (Undertow's 2 MiB default would cut a body we accept); this
        // bounds what a fixed-length body may send, lingering refusal included.
        exchange.setMaxEntitySize(maxBytes + LingeringRefusal.LINGER_BYTES + 64 * 1024);
        reader.channel = exchange.getRequestChannel();
        if (reader.channel == null) {
            IoUtils.safeClose(exchange.getConnection());
            return;
        }
        if (reader.declaredLength > maxBytes) {
            reader.finished = true;
            LingeringRefusal.answer(exchange, reader.channel, onRefusal.answer(Refusal.TOO_LARGE));
            return;
        }
        reader.deadline = exchange.getIoThread().executeAfter(reader::tooSlow, timeoutMs, TimeUnit.MILLISECONDS);
        reader.channel.getReadSetter().set(reader);
        reader.handleEvent(reader.channel);
    }

    @Override
    public void handleEvent(StreamSourceChannel source) {
        if (finished) {
            return;
        }
        try {
            while (true) {
                if (length == buffer.length && !grow()) {
                    return;
                }
                int read = source.read(ByteBuffer.wrap(buffer, length, buffer.length - length));
                if (read < 0) {
                    finish(null);
                    return;
                }
                if (read == 0) {
                    source.resumeReads();
                    return;
                }
                length += read;
                if (length > maxBytes) {
                    finish(Refusal.TOO_LARGE);
                    return;
                }
                if (length == declaredLength) {
                    finish(null);
                    return;
                }
            }
        } catch (IOException e) {
            finish(Refusal.BROKEN);
        }
    }

    /** @return false when the reader finished instead (the budget had no room) */
    private boolean grow() {
        // One byte past the limit, so that an oversized body of unknown length is noticed.
        long ceiling = declaredLength >= 0 ? declaredLength : (long) maxBytes + 1;
        int capacity = (int) Math.min(ceiling, Math.max(FIRST_BUFFER_BYTES, 2L * buffer.length));
        if (capacity <= buffer.length) {
            // A declared length already reached: a zero-capacity read tells nothing, so finish here.
            finish(null);
            return false;
        }
        // The first buffer is free, like the connection's own buffers: a small request always gets through.
        long needed = Math.max(0, capacity - FIRST_BUFFER_BYTES) - reserved;
        if (needed > 0 && !budget.tryReserve(needed)) {
            finish(Refusal.NO_ROOM);
            return false;
        }
        reserved += Math.max(0, needed);
        buffer = Arrays.copyOf(buffer, capacity);
        return true;
    }

    private void tooSlow() {
        deadline = null;
        finish(Refusal.TOO_SLOW);
    }

    /** @param refusal null when the whole body is in */
    private void finish(Refusal refusal) {
        if (finished) {
            return;
        }
        finished = true;
        if (deadline != null) {
            deadline.remove();
        }
        channel.suspendReads();
        channel.getReadSetter().set(null);
        RequestBytes.read(exchange, length);
        byte[] body = refusal != null ? null : buffer.length == length ? buffer : Arrays.copyOf(buffer, length);
        // The body now belongs to the route (and then to the queue, which bounds it): the budget lets go.
        budget.release(reserved);
        reserved = 0;
        buffer = null;
        if (refusal == null) {
            onBody.body(exchange, body);
        } else {
            LingeringRefusal.answer(exchange, channel, onRefusal.answer(refusal));
        }
    }
}
