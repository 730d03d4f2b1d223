package dev.kgate.connect.kafka;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReaderPoolTest {

    private static final long AN_HOUR_MS = 3_600_000;

    /** The pool is the JVM's: readers of other test classes (closing ones) must be gone for the counts to be exact. */
    @BeforeEach
    void noReadersLeft() throws InterruptedException {
        awaitReaders(0);
    }

    @Test
    void aWokenReaderStepsAgainWithoutWaitingOutItsDelayAndADoneOneNeverAgain() throws Exception {
        int readersBefore = ReaderPool.readers();
        AtomicInteger steps = new AtomicInteger();
        CountDownLatch stepped = new CountDownLatch(2);
        ReaderPool.Schedule schedule = ReaderPool.start(() -> {
            stepped.countDown();
            return steps.incrementAndGet() < 3 ? AN_HOUR_MS : ReaderPool.DONE;
        });
        awaitSteps(steps, 1);
        schedule.wake();
        assertTrue(stepped.await(30, TimeUnit.SECONDS), "the wake brought the step an hour early");
        schedule.wake();
        awaitSteps(steps, 3);
        schedule.wake();
        Thread.sleep(200);
        assertEquals(3, steps.get(), "a reader that said it is done is not stepped again");
        assertEquals(readersBefore, ReaderPool.readers());
    }

    @Test
    void stepsOfOneReaderNeverOverlapEvenWhenWokenDuringOne() throws Exception {
        AtomicInteger inStep = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger steps = new AtomicInteger();
        ReaderPool.ensureThreads(4);
        ReaderPool.Schedule schedule = ReaderPool.start(() -> {
            if (inStep.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inStep.decrementAndGet();
            return steps.incrementAndGet() < 200 ? AN_HOUR_MS : ReaderPool.DONE;
        });
        // Without the wakes, the second step would come in an hour: every step after the first is a woken one.
        while (steps.get() < 200) {
            schedule.wake();
            Thread.onSpinWait();
        }
        assertEquals(0, overlaps.get());
    }

    /** A step that throws (here an Error) is the last: the reader is abandoned once, and no longer counted. */
    @Test
    void aReaderWhoseStepThrowsIsAbandonedOnceAndNeverSteppedAgain() throws Exception {
        int readersBefore = ReaderPool.readers();
        AtomicInteger steps = new AtomicInteger();
        CountDownLatch abandoned = new CountDownLatch(1);
        AtomicInteger abandons = new AtomicInteger();
        ReaderPool.Schedule schedule = ReaderPool.start(new ReaderPool.Steps() {
            @Override
            public long step() {
                steps.incrementAndGet();
                throw new AssertionError("a bug");
            }

            @Override
            public void abandon() {
                abandons.incrementAndGet();
                abandoned.countDown();
            }
        });
        assertTrue(abandoned.await(30, TimeUnit.SECONDS), "abandoned");
        schedule.wake();
        Thread.sleep(200);
        assertEquals(1, steps.get());
        assertEquals(1, abandons.get());
        awaitReaders(readersBefore);
    }

    /**
     * Readers that always have more to do (each step asks for the next at once) do not starve one that is due: more
     * busy readers than the pool has threads, and the other one still steps about every millisecond it asks to.
     */
    @Test
    void busyReadersDoNotStarveOneThatIsDue() throws Exception {
        int readersBefore = ReaderPool.readers();
        AtomicBoolean stop = new AtomicBoolean();
        int busyReaders = Math.max(8, 2 * ReaderPool.threads());
        for (int i = 0; i < busyReaders; i++) {
            ReaderPool.start(() -> {
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                return stop.get() ? ReaderPool.DONE : 0;
            });
        }
        AtomicInteger other = new AtomicInteger();
        ReaderPool.start(() -> {
            other.incrementAndGet();
            return stop.get() ? ReaderPool.DONE : 1;
        });
        try {
            Thread.sleep(1_000);
            // Fair turns give it a step every (busy readers / threads + 1) ms or so; starved, it would get none.
            assertTrue(other.get() >= 20, "the due reader stepped " + other.get() + " times in a second");
        } finally {
            stop.set(true);
            // The pool counts readers across tests: leave none of these behind.
            awaitReaders(readersBefore);
        }
    }

    private static void awaitReaders(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ReaderPool.readers() != count) {
            assertTrue(System.nanoTime() < deadline, ReaderPool.readers() + " readers on the pool, not " + count);
            Thread.sleep(5);
        }
    }

    private static void awaitSteps(AtomicInteger steps, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (steps.get() < count) {
            assertTrue(System.nanoTime() < deadline, "step " + count + " did not come");
            Thread.sleep(5);
        }
    }
}
