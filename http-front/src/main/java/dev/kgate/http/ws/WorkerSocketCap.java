package dev.kgate.http.ws;

import dev.kgate.http.metrics.SocketSide;
import dev.kgate.http.pipeline.Refusal;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many sockets of one route this worker may hold, of every task and connector of the plugin together (the counts
 * live in the plugin's class loader, one per worker JVM). A socket takes its place before anything is spent on it and
 * gives it back, once, when it closes or is refused; past the cap the upgrade gets 503 with {@code Retry-After}.
 */
public final class WorkerSocketCap {

    private static final Map<SocketSide, AtomicInteger> OPEN = new EnumMap<>(Map.of(
            SocketSide.IN, new AtomicInteger(), SocketSide.OUT, new AtomicInteger()));

    private final SocketSide side;
    private final int max;
    private final int retryAfterSeconds;

    public WorkerSocketCap(SocketSide side, int max, int retryAfterSeconds) {
        this.side = side;
        this.max = max;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * @return the socket's place, to close when the socket closes
     * @throws Refusal 503 with {@code Retry-After} when the worker holds as many sockets of this route as it may
     */
    public Place take() {
        AtomicInteger open = OPEN.get(side);
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            throw new Refusal(503, "This worker holds as many " + side.route() + " sockets as it may (" + max
                    + "): connect again later, or to another worker", retryAfterSeconds);
        }
        return new Place(open);
    }

    /** Sockets of {@code side} that this JVM holds now. */
    public static int openNow(SocketSide side) {
        return OPEN.get(side).get();
    }

    /** One socket's place under the cap; closing gives it back, once, from any thread. */
    public static final class Place implements AutoCloseable {
        private final AtomicInteger open;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Place(AtomicInteger open) {
            this.open = open;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                open.decrementAndGet();
            }
        }
    }
}
