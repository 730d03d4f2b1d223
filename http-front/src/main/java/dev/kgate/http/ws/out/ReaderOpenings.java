package dev.kgate.http.ws.out;

import dev.kgate.http.metrics.SocketSide;
import dev.kgate.http.pipeline.Refusal;
import dev.kgate.http.ws.WorkerSocketCap;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Where {@code /socket/out} readers are opened, and how many may be open on this worker. Opening one is a Kafka round
 * trip that can take up to the consumer's timeouts when Kafka is slow, so it runs on a few threads of its own, never
 * on an I/O thread or XNIO's small worker pool (where logins and other requests would wait behind it); a burst past
 * the queue is refused 503 at once. Shared by every task in the worker's JVM, like the readers' cap.
 */
public final class ReaderOpenings {

    private static final int THREADS = 4;
    private static final int QUEUE = 256;
    private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();
    private static final ThreadPoolExecutor POOL = pool();

    private final WorkerSocketCap cap;
    private final int retryAfterSeconds;

    /** @param maxOpen readers this worker may hold for this connector's sockets; beyond, 503 */
    public ReaderOpenings(int maxOpen, int retryAfterSeconds) {
        this.cap = new WorkerSocketCap(SocketSide.OUT, maxOpen, retryAfterSeconds);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * Opens a reader off the I/O threads, counted against the cap until it is closed.
     *
     * @return completes with the reader, or exceptionally with a {@link Refusal} (503 past the cap or the queue) or
     *         whatever {@code open} threw
     */
    public CompletableFuture<TopicReader> open(Supplier<TopicReader> open) {
        return open(open, () -> { });
    }

    /** As {@link #open(Supplier)}; {@code alsoOnClose} runs when the reader closes or cannot be opened. */
    public CompletableFuture<TopicReader> open(Supplier<TopicReader> open, Runnable alsoOnClose) {
        CompletableFuture<TopicReader> opening = counted(open, alsoOnClose);
        opening.whenComplete((reader, failure) -> {
            if (failure != null) {
                alsoOnClose.run();
            }
        });
        return opening;
    }

    private CompletableFuture<TopicReader> counted(Supplier<TopicReader> open, Runnable alsoOnClose) {
        WorkerSocketCap.Place place;
        try {
            place = cap.take();
        } catch (Refusal refusal) {
            return CompletableFuture.failedFuture(refusal);
        }
        try {
            return CompletableFuture.supplyAsync(open, POOL).handle((reader, failure) -> {
                if (failure != null) {
                    place.close();
                    throw failure instanceof RuntimeException e ? e : new IllegalStateException(failure);
                }
                return new CountedReader(reader, place, alsoOnClose);
            });
        } catch (RejectedExecutionException e) {
            place.close();
            return CompletableFuture.failedFuture(new Refusal(503, "Too many /socket/out sockets are being opened:"
                    + " retry later", retryAfterSeconds));
        }
    }

    private static ThreadPoolExecutor pool() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), task -> {
                    Thread thread = new Thread(task, "kgate-reader-open-" + THREAD_NUMBERS.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Gives its place back under the cap when closed, once. */
    private static final class CountedReader implements TopicReader {
        private final TopicReader reader;
        private final WorkerSocketCap.Place place;
        private final Runnable alsoOnClose;
        private final AtomicBoolean closed = new AtomicBoolean();

        CountedReader(TopicReader reader, WorkerSocketCap.Place place, Runnable alsoOnClose) {
            this.reader = reader;
            this.place = place;
            this.alsoOnClose = alsoOnClose;
        }

        @Override
        public void start(RecordSink sink) {
            reader.start(sink);
        }

        @Override
        public void commit(int partition, long offset, String messageId) {
            reader.commit(partition, offset, messageId);
        }

        @Override
        public boolean owns(int partition) {
            return reader.owns(partition);
        }

        @Override
        public void wake() {
            reader.wake();
        }

        @Override
        public void close() {
            try {
                reader.close();
            } finally {
                if (closed.compareAndSet(false, true)) {
                    place.close();
                    alsoOnClose.run();
                }
            }
        }
    }
}
