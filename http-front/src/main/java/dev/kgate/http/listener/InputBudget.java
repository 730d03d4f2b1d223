package dev.kgate.http.listener;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes one listener (so one worker, for one connector) may hold for input that has arrived but is not yet a
 * queued message: request bodies being read, WebSocket frames and fragmented messages being assembled. Memory is
 * reserved as bytes arrive, never for a size a client merely announced; a reservation that does not fit is
 * refused, and the caller refuses the client (413/503, or a close frame) instead of growing the heap.
 */
public final class InputBudget {

    private static final AttachmentKey<InputBudget> ATTACHMENT = AttachmentKey.create(InputBudget.class);

    private final long maxBytes;
    private final AtomicLong held = new AtomicLong();

    public InputBudget(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("the input budget must be positive");
        }
        this.maxBytes = maxBytes;
    }

    /** The budget of the listener that took this exchange; a fresh unshared one when none is attached (tests). */
    public static InputBudget of(HttpServerExchange exchange) {
        InputBudget budget = exchange.getAttachment(ATTACHMENT);
        return budget != null ? budget : new InputBudget(Long.MAX_VALUE);
    }

    void attachTo(HttpServerExchange exchange) {
        exchange.putAttachment(ATTACHMENT, this);
    }

    /** @return true when {@code bytes} more fit and are now held; false (nothing held) when they do not */
    public boolean tryReserve(long bytes) {
        if (bytes <= 0) {
            return true;
        }
        while (true) {
            long current = held.get();
            if (current + bytes > maxBytes || current + bytes < 0) {
                return false;
            }
            if (held.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    public void release(long bytes) {
        if (bytes > 0) {
            held.addAndGet(-bytes);
        }
    }

    public long heldBytes() {
        return held.get();
    }

    public long maxBytes() {
        return maxBytes;
    }
}
