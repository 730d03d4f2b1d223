package dev.kgate.connect.kafka;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReaderPoolTest {

    private static final long AN_HOUR_MS = 3_600_000;

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

    private static void awaitSteps(AtomicInteger steps, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (steps.get() < count) {
            assertTrue(System.nanoTime() < deadline, "step " + count + " did not come");
            Thread.sleep(5);
        }
    }
}
