package dev.kgate.http.listener;

import io.undertow.server.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * The listeners open in this JVM (this plugin's class loader, so one worker), by port. The first task to ask for a
 * port binds it, later tasks of the same connector join it, and the last one to leave closes it. Another connector
 * asking for a port in use gets a clear error instead of a confusing bind failure.
 */
public final class ListenerRegistry {

    private static final Logger log = LoggerFactory.getLogger(ListenerRegistry.class);
    private static final Map<Integer, SharedListener> BY_PORT = new HashMap<>();

    private ListenerRegistry() {
    }

    /** A task's place on a listener; {@link #close()} leaves it, and is safe to call more than once. */
    public static final class Membership implements AutoCloseable {
        private final SharedListener listener;
        private final HttpHandler handler;
        private boolean left;

        private Membership(SharedListener listener, HttpHandler handler) {
            this.listener = listener;
            this.handler = handler;
        }

        public ListenerSettings settings() {
            return listener.settings();
        }

        @Override
        public void close() {
            leave(this);
        }
    }

    /**
     * Joins the listener on {@code settings.port()}, opening it if this is the first task there.
     *
     * @throws ListenerBindException when the port cannot be bound or another connector holds it
     */
    public static Membership join(ListenerSettings settings, String owner, HttpHandler handler) {
        synchronized (BY_PORT) {
            SharedListener listener = BY_PORT.get(settings.port());
            if (listener == null) {
                listener = SharedListener.open(settings, owner);
                BY_PORT.put(settings.port(), listener);
            } else if (!listener.owner().equals(owner)) {
                throw new ListenerBindException("Cannot open the HTTP listener on port " + settings.port()
                        + ": connector '" + listener.owner() + "' already listens there on this worker", null);
            } else if (!listener.settings().sameShape(settings)) {
                log.warn("Connector '{}' joins the listener on port {} opened with other settings ({}); it keeps"
                        + " those until its last task leaves", owner, settings.port(), listener.settings().describe());
            }
            listener.add(handler);
            log.info("Connector '{}' task joined the listener on {} ({} task(s) share it)", owner,
                    listener.settings().describe(), listener.memberCount());
            return new Membership(listener, handler);
        }
    }

    /** Closes under the lock on purpose: a task restarting right away must find the port free again. */
    private static void leave(Membership membership) {
        synchronized (BY_PORT) {
            if (membership.left) {
                return;
            }
            membership.left = true;
            SharedListener listener = membership.listener;
            if (listener.remove(membership.handler)) {
                BY_PORT.remove(listener.settings().port(), listener);
                listener.close();
            }
        }
    }
}
