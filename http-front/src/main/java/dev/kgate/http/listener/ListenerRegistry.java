package dev.kgate.http.listener;

import io.undertow.server.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The listeners open in this JVM (this plugin's class loader, so one worker), by port. The first task to ask for a
 * port binds it, later tasks of the same connector join it, and the last one to leave closes it. Another connector
 * asking for a port in use gets a clear error instead of a confusing bind failure.
 * <p>
 * Tasks of a newer configuration (a generation) never share a listener with an older one's: joining retires the
 * older members, so no request reaches them, and when the listener itself must change (port settings; with TLS,
 * any new configuration, whose stores may hold new keys) the joining task waits for the old one to close, up to
 * {@code handoverMs}.
 */
public final class ListenerRegistry {

    private static final Logger log = LoggerFactory.getLogger(ListenerRegistry.class);
    private static final Map<Integer, SharedListener> BY_PORT = new HashMap<>();
    /** Listeners whose last task left, finishing their answers before their port is free; guarded by BY_PORT. */
    private static final Map<Integer, SharedListener> CLOSING = new HashMap<>();
    /** A close takes its drain (2 s) and its last answers' write: a join waits that long for the port, at least. */
    private static final long CLOSING_WAIT_MS = 10_000;

    private ListenerRegistry() {
    }

    /** A task's place on a listener; {@link #close()} leaves it, and is safe to call more than once. */
    public static final class Membership implements AutoCloseable {
        private final SharedListener listener;
        private final SharedListener.Member member;
        private boolean left;

        private Membership(SharedListener listener, SharedListener.Member member) {
            this.listener = listener;
            this.member = member;
        }

        public ListenerSettings settings() {
            return listener.settings();
        }

        /** No new request reaches this task; the listener stays open for its last answers until it leaves. */
        public void retire() {
            listener.retire(member);
        }

        @Override
        public void close() {
            leave(this);
        }
    }

    /** Joins as a task of the one configuration there is (tests, single-configuration hosts). */
    public static Membership join(ListenerSettings settings, String owner, HttpHandler handler) {
        return join(settings, owner, "", handler, 0);
    }

    /**
     * Joins the listener on {@code settings.port()}, opening it if this is the first task there.
     *
     * @param generation the task's configuration (tasks of one configuration share it; a config update changes it)
     * @param handoverMs how long to wait for an older configuration's listener to close when it must change
     * @throws ListenerBindException when the port cannot be bound, another connector holds it, or an older
     *                               configuration's tasks still hold it after {@code handoverMs}
     */
    public static Membership join(ListenerSettings settings, String owner, String generation, HttpHandler handler,
                                  long handoverMs) {
        return join(settings, owner, generation, handler, () -> true, handoverMs);
    }

    /**
     * As above, for a task that can say whether it takes work now: while another member does, requests pass over
     * it (see {@link SharedListener}).
     */
    public static Membership join(ListenerSettings settings, String owner, String generation, HttpHandler handler,
                                  BooleanSupplier takesWork, long handoverMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(handoverMs);
        while (true) {
            Attempt attempt;
            synchronized (BY_PORT) {
                attempt = tryJoin(settings, owner, generation,
                        new SharedListener.Member(handler, takesWork, generation));
            }
            if (attempt.joined() != null) {
                return attempt.joined();
            }
            // Outside the lock: joins on other ports go on meanwhile.
            long waitUntil = attempt.closing() ? Math.max(deadline, System.nanoTime()
                    + TimeUnit.MILLISECONDS.toNanos(CLOSING_WAIT_MS)) : deadline;
            awaitClose(attempt.portFree(), waitUntil, settings, owner);
        }
    }

    /** Joined; or the port is held by a listener that must close first ({@code closing}: its last task left). */
    private record Attempt(Membership joined, CompletableFuture<Void> portFree, boolean closing) {
    }

    /** Under the registry's lock. */
    private static Attempt tryJoin(ListenerSettings settings, String owner, String generation,
                                   SharedListener.Member member) {
        SharedListener closing = CLOSING.get(settings.port());
        // Once closed its port is free, even before leave() takes it off this map: no wait (and no log line) again.
        if (closing != null && !closing.closed().isDone()) {
            return new Attempt(null, closing.closed(), true);
        }
        SharedListener listener = BY_PORT.get(settings.port());
        if (listener != null && !listener.owner().equals(owner)) {
            throw new ListenerBindException("Cannot open the HTTP listener on port " + settings.port()
                    + ": connector '" + listener.owner() + "' already listens there on this worker", null);
        }
        if (listener != null) {
            int retired = listener.retireOtherGenerations(generation);
            if (retired > 0) {
                log.info("Connector '{}': {} task(s) of its previous configuration take no more requests on"
                        + " port {}", owner, retired, settings.port());
            }
        }
        // With TLS, the stores behind the same settings may hold new keys (a new configuration, or the
        // files replaced before a restart): a listener whose tasks are all leaving is not reused.
        boolean shareable = listener != null && listener.settings().sameShape(settings)
                && !(settings.https() && (!listener.generation().equals(generation)
                || listener.memberCount() == 0));
        if (listener != null && !shareable) {
            return new Attempt(null, listener.closed(), false);
        }
        if (listener == null) {
            listener = SharedListener.open(settings, owner, generation);
            BY_PORT.put(settings.port(), listener);
        }
        listener.add(member);
        log.info("Connector '{}' task joined the listener on {} ({} task(s) take requests there)",
                owner, listener.settings().describe(), listener.memberCount());
        return new Attempt(new Membership(listener, member), null, false);
    }

    /** The old listener closes once its last (retired) task has answered all. */
    private static void awaitClose(CompletableFuture<Void> closed, long deadline, ListenerSettings settings,
                                   String owner) {
        log.info("Connector '{}' waits for its previous listener on port {} to finish its last answers and close",
                owner, settings.port());
        try {
            closed.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new ListenerBindException("Cannot open the HTTP listener on " + settings.describe() + " with the"
                    + " new settings: tasks of the previous configuration still hold it, finishing their last"
                    + " answers; the task can be restarted once they are done", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ListenerBindException("Interrupted while waiting for port " + settings.port(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The last task to leave closes the listener, outside the lock (its drain takes up to 2 s): a task joining the
     * same port meanwhile waits for the port to be free, and joins on other ports do not wait at all.
     */
    private static void leave(Membership membership) {
        SharedListener listener = membership.listener;
        synchronized (BY_PORT) {
            if (membership.left) {
                return;
            }
            membership.left = true;
            if (!listener.remove(membership.member)) {
                return;
            }
            BY_PORT.remove(listener.settings().port(), listener);
            CLOSING.put(listener.settings().port(), listener);
        }
        try {
            listener.close();
        } finally {
            synchronized (BY_PORT) {
                CLOSING.remove(listener.settings().port(), listener);
            }
        }
    }
}
