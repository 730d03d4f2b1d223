package dev.kgate.http.ws;

import dev.kgate.http.metrics.GatewayMetrics;
import dev.kgate.http.ws.wire.WebSocketConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The sockets one task serves, so that a stopping task can close them and send its clients elsewhere. */
public final class OpenSockets {

    private static final Logger log = LoggerFactory.getLogger(OpenSockets.class);
    private final Set<ClosableSocket> sockets = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> perPrincipal = new ConcurrentHashMap<>();
    private final GatewayMetrics metrics;
    /** Set when the task stops for good: a socket that registers after that is closed like the others. */
    private volatile String closedForGood;

    public OpenSockets(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    public void add(ClosableSocket socket) {
        if (sockets.add(socket)) {
            perPrincipal.computeIfAbsent(socket.principalName(), name -> new AtomicInteger()).incrementAndGet();
            metrics.socketOpened(socket.side());
        }
        String reason = closedForGood;
        if (reason != null) {
            // Upgraded in the instant its task stopped: closed with 1012 now, not cut by the listener's close later
            // without a close frame (found by the fault suite). Closing twice is harmless: the first reason wins.
            socket.closeWhenAnswered(WebSocketConnection.SERVICE_RESTART, reason);
        }
    }

    public void remove(ClosableSocket socket) {
        if (sockets.remove(socket)) {
            perPrincipal.computeIfPresent(socket.principalName(),
                    (name, count) -> count.decrementAndGet() == 0 ? null : count);
            metrics.socketClosed(socket.side());
        }
    }

    /** Sockets of this task that the principal holds now. */
    public int heldBy(String principal) {
        AtomicInteger count = perPrincipal.get(principal);
        return count == null ? 0 : count.get();
    }

    public int size() {
        return sockets.size();
    }

    /**
     * Stops reading from every socket, lets the answers already due go out, then closes with 1012 so clients
     * reconnect (to another task). Waits up to {@code waitMs} for the sockets to close.
     */
    public void closeAll(String reason, long waitMs) {
        closeAll(reason, waitMs, false);
    }

    /** As {@link #closeAll}, for a task that stops: sockets registering later are closed at once, too. */
    public void closeAllForGood(String reason, long waitMs) {
        closeAll(reason, waitMs, true);
    }

    private void closeAll(String reason, long waitMs, boolean forGood) {
        if (forGood) {
            closedForGood = reason;
        }
        if (sockets.isEmpty()) {
            return;
        }
        int count = sockets.size();
        for (ClosableSocket socket : sockets) {
            socket.closeWhenAnswered(WebSocketConnection.SERVICE_RESTART, reason);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        while (!sockets.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        log.info("Closed {} WebSocket(s); {} did not close in time", count, sockets.size());
    }
}
