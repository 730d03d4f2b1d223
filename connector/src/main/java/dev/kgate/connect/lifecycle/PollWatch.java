package dev.kgate.connect.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BooleanSupplier;

/**
 * Tells from the task thread's {@code poll()} calls whether the connector is paused. Connect gives a source task no
 * pause callback: a paused task's thread simply stops calling {@code poll()} (it waits in the worker until resumed).
 * A running task is polled at least every {@code poll()} wait (100 ms) plus the time its records take to send, so
 * a thread that has not polled for {@link #PAUSED_AFTER_MS} while none of its records is in flight is paused. A
 * thread that has not polled while records are in flight is sending, or blocked by a producer Kafka does not answer:
 * that is not a pause, and after {@link #STALLED_AFTER_MS} it is reported as stalled, unless the producer gave up on
 * the records it had: then the thread is being cancelled (Connect force-closed its producer), and what is still in
 * flight never reached the producer, so it is treated as a pause (found by the fault suite: such a task took new
 * requests that nobody would poll, and its clients waited until the worker called {@code stop()}, seconds later).
 * <p>
 * {@link #check()} runs on a timer; the transitions it and {@link #pollStarted()} make are serialized, so a resume
 * never overtakes the pause it ends.
 */
public final class PollWatch {

    private static final Logger log = LoggerFactory.getLogger(PollWatch.class);

    /** With checks every 100 ms, a pause is acted on within 0.8 s. */
    public static final long PAUSED_AFTER_MS = 700;
    public static final long STALLED_AFTER_MS = 10_000;
    public static final long CHECK_EVERY_MS = 100;

    /** What a change of state does to the task. */
    public interface Transitions {
        /** Called with the watch's lock held: must not block for long. */
        void paused();

        /** Called on the task thread, with the watch's lock held, before {@code poll()} takes anything. */
        void resumed();

        void stalled(boolean stalled);
    }

    private final BooleanSupplier nothingInFlight;
    private final BooleanSupplier producerGaveUp;
    private final Transitions transitions;
    private volatile long lastPollNanos = System.nanoTime();
    private volatile boolean polling;
    private boolean paused;
    private boolean stalled;

    /** @param producerGaveUp true while the producer's last word on a record was giving up on it */
    public PollWatch(BooleanSupplier nothingInFlight, BooleanSupplier producerGaveUp, Transitions transitions) {
        this.nothingInFlight = nothingInFlight;
        this.producerGaveUp = producerGaveUp;
        this.transitions = transitions;
    }

    public void pollStarted() {
        polling = true;
        synchronized (this) {
            if (paused) {
                paused = false;
                transitions.resumed();
            }
        }
    }

    public void pollEnded() {
        lastPollNanos = System.nanoTime();
        polling = false;
    }

    /** Runs on the timer every {@link #CHECK_EVERY_MS}; never throws, since that would end the checks for good. */
    public void check() {
        try {
            checkNow();
        } catch (RuntimeException e) {
            log.warn("Pause check failed; the next one runs as usual", e);
        }
    }

    private synchronized void checkNow() {
        long idleMs = polling ? 0 : (System.nanoTime() - lastPollNanos) / 1_000_000;
        boolean inFlight = !nothingInFlight.getAsBoolean();
        if (!paused && idleMs >= PAUSED_AFTER_MS && (!inFlight || producerGaveUp.getAsBoolean())) {
            paused = true;
            transitions.paused();
        }
        boolean nowStalled = idleMs >= STALLED_AFTER_MS && inFlight;
        if (nowStalled != stalled) {
            stalled = nowStalled;
            transitions.stalled(nowStalled);
        }
    }

    public synchronized boolean paused() {
        return paused;
    }
}
