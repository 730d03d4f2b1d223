package dev.kgate.connect.kafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that read Kafka for every {@code /socket/out} socket of this worker, of every connector of the plugin.
 * A reader runs in short steps (a poll that does not wait, then handing what came to its socket), each of which says
 * when the next one is due, so a few threads serve thousands of consumers. A reader's steps never overlap, and ready
 * readers take turns: a reader that has more to do goes to the back of the line. Closing a consumer (a final commit,
 * leaving its group: round trips that a slow Kafka can stretch to seconds) runs on threads of its own, so that it
 * never holds up the readers.
 */
final class ReaderPool {

    private static final Logger log = LoggerFactory.getLogger(ReaderPool.class);
    private static final long IDLE_THREAD_SECONDS = 60;
    private static final int CLOSING_THREADS = 2;
    private static final ScheduledThreadPoolExecutor READERS = readerThreads();
    /** Readers started and not done. */
    private static final AtomicInteger READING = new AtomicInteger();
    /** Unbounded, yet bounded by the sockets: each reader is closed once, and readers are capped (out.max.sockets). */
    private static final ThreadPoolExecutor CLOSING = new ThreadPoolExecutor(CLOSING_THREADS, CLOSING_THREADS,
            IDLE_THREAD_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemons("kgate-reader-close-"));

    static {
        CLOSING.allowCoreThreadTimeOut(true);
    }

    private ReaderPool() {
    }

    /** What runs in steps on the pool. */
    interface Steps {
        /**
         * One step; it never waits for records (it may wait for a commit Kafka must take before a rebalance).
         *
         * @return milliseconds until the next step (0: after the readers already due), or {@link #DONE}
         */
        long step();

        /**
         * A step threw (a bug, or an {@link Error}): the pool steps this one no more, and it lets go of what it holds
         * (its consumer, its socket) instead of being forgotten with them open.
         */
        default void abandon() {
        }
    }

    /** What a step returns when there will be no other. */
    static final long DONE = -1;

    /** Grows the pool to {@code threads} when it has fewer: the largest setting of the running connectors applies. */
    static synchronized void ensureThreads(int threads) {
        if (threads > READERS.getCorePoolSize()) {
            READERS.setCorePoolSize(threads);
        }
    }

    /** Threads that read now (they end after a minute with nothing to read). */
    static int threads() {
        return READERS.getPoolSize();
    }

    /** Runs {@code steps} from now on. */
    static Schedule start(Steps steps) {
        Schedule schedule = new Schedule(steps);
        READING.incrementAndGet();
        schedule.next(0);
        return schedule;
    }

    /** Readers on the pool now. */
    static int readers() {
        return READING.get();
    }

    /** Runs {@code closing} (a consumer's final commit and close) on the closing threads. */
    static void close(Runnable closing) {
        CLOSING.execute(closing);
    }

    /** One reader's place in the pool's time line. */
    static final class Schedule implements Runnable {
        private final Steps steps;
        /** The next step, while one is due; guarded by this. */
        private ScheduledFuture<?> next;
        /** A wake came while a step ran: the next one is due at once. Guarded by this. */
        private boolean woken;
        private boolean done;

        private Schedule(Steps steps) {
            this.steps = steps;
        }

        @Override
        public void run() {
            synchronized (this) {
                woken = false;
            }
            long delayMs;
            try {
                delayMs = steps.step();
            } catch (Throwable e) {
                // A reader handles its own failures. Not this one: left to the executor, it would vanish into this
                // step's future, never stepped again and never closed.
                log.error("A /socket/out reader failed outside its own handling and stops", e);
                abandon();
                delayMs = DONE;
            }
            synchronized (this) {
                if (delayMs < 0) {
                    done = true;
                    next = null;
                    READING.decrementAndGet();
                } else {
                    next(woken ? 0 : delayMs);
                }
            }
        }

        private void abandon() {
            try {
                steps.abandon();
            } catch (Throwable e) {
                log.error("A /socket/out reader that failed could not let go of its consumer", e);
            }
        }

        /** Brings the next step forward to now, unless one runs now (it then ends with another one due at once). */
        synchronized void wake() {
            if (done) {
                return;
            }
            woken = true;
            if (next != null && next.getDelay(TimeUnit.NANOSECONDS) > 0 && next.cancel(false)) {
                next(0);
            }
        }

        private synchronized void next(long delayMs) {
            next = READERS.schedule(this, delayMs, TimeUnit.MILLISECONDS);
        }
    }

    private static ScheduledThreadPoolExecutor readerThreads() {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, daemons("kgate-reader-"));
        // A woken reader's cancelled step leaves the queue at once instead of when it would have been due.
        pool.setRemoveOnCancelPolicy(true);
        pool.setKeepAliveTime(IDLE_THREAD_SECONDS, TimeUnit.SECONDS);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger numbers = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + numbers.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
