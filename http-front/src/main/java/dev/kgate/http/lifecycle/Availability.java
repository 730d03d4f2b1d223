package dev.kgate.http.lifecycle;

import dev.kgate.http.metrics.RefusalReason;
import dev.kgate.http.pipeline.Refusal;

/**
 * Whether a task takes new work. Connect tells a source task nothing when its connector is paused: the connector
 * finds out (its {@code poll()} is no longer called) and says so here, as {@code stop()} does. The routes that add
 * work (produce, both sockets) ask before they take a request; the readiness route reports it.
 */
public final class Availability {

    public enum State {
        RUNNING,
        /** The connector is paused: nothing is polled, so nothing taken would be written. */
        PAUSED,
        /** The task is stopping (a stop, a restart or a config update). */
        STOPPING
    }

    private final Refusal paused;
    private final Refusal stopping;
    private volatile State state = State.RUNNING;
    private volatile boolean stalled;

    public Availability(int retryAfterSeconds) {
        this.paused = new Refusal(503, "The connector is paused: message not written, retry once it is resumed",
                retryAfterSeconds);
        this.stopping = new Refusal(503, "The gateway task is stopping: message not written, retry",
                retryAfterSeconds);
    }

    public State state() {
        return state;
    }

    /** STOPPING is final: a pause noticed while the task stops does not undo it. */
    public synchronized void set(State state) {
        if (this.state != State.STOPPING) {
            this.state = state;
        }
    }

    /** Records handed to Connect have not been acknowledged for a while: Kafka is not taking them. */
    public void stalled(boolean stalled) {
        this.stalled = stalled;
    }

    public boolean stalled() {
        return stalled;
    }

    /** The metric reason of {@link #refusal(State)}; null while running. */
    public static RefusalReason refusalReason(State state) {
        return switch (state) {
            case RUNNING -> null;
            case PAUSED -> RefusalReason.PAUSED;
            case STOPPING -> RefusalReason.STOPPING;
        };
    }

    /** @return why new work is refused in this state, or null when it is taken */
    public Refusal refusal(State state) {
        return switch (state) {
            case RUNNING -> null;
            case PAUSED -> paused;
            case STOPPING -> stopping;
        };
    }
}
