package dev.kgate.http.ingest;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngestMessageTest {

    private final List<Outcome> outcomes = new ArrayList<>();

    private IngestMessage message() {
        return new IngestMessage("t", null, TypedValue.bytes(new byte[]{1, 2, 3}),
                List.of(new MessageHeader("h", "v")), null, outcomes::add);
    }

    @Test
    void timeoutWhileQueuedMeansCertainlyNotWrittenAndItIsNeverSent() {
        IngestMessage message = message();
        message.timedOut("slow");
        assertFalse(message.startSending(), "a message whose client was answered must not be sent");
        message.written(new WriteResult("t", 0, 1, 2));
        assertEquals(List.of(Outcome.of(Outcome.Kind.NOT_WRITTEN, "slow")), outcomes);
    }

    @Test
    void timeoutAfterSendingMeansUnknownAndALateAckIsIgnored() {
        IngestMessage message = message();
        assertTrue(message.startSending());
        message.timedOut("slow");
        message.written(new WriteResult("t", 0, 1, 2));
        assertEquals(1, outcomes.size());
        assertEquals(Outcome.Kind.UNKNOWN_TIMED_OUT, outcomes.get(0).kind());
    }

    @Test
    void stopWhileSendingMeansUnknown() {
        IngestMessage message = message();
        message.startSending();
        message.stopped("stopping");
        assertEquals(Outcome.Kind.UNKNOWN_STOPPED, outcomes.get(0).kind());
    }

    @Test
    void ackCarriesTheCoordinatesAndLaterEventsAreIgnored() {
        IngestMessage message = message();
        message.startSending();
        WriteResult result = new WriteResult("t", 2, 40, 1700);
        message.written(result);
        message.dropped("late");
        message.timedOut("late");
        assertEquals(List.of(Outcome.written(result)), outcomes);
        assertTrue(message.isDone());
    }

    @Test
    void sizeCountsKeyValueAndHeaders() {
        IngestMessage message = new IngestMessage("t", TypedValue.bytes(new byte[5]), TypedValue.bytes(new byte[10]),
                List.of(new MessageHeader("abc", "1234567")), null, o -> { });
        assertEquals(35, message.sizeInBytes());
    }

    @Test
    void racingCompletionsAnswerExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 2_000; round++) {
                List<Outcome> seen = java.util.Collections.synchronizedList(new ArrayList<>());
                IngestMessage message = new IngestMessage("t", null, TypedValue.bytes(new byte[1]), List.of(),
                        null, seen::add);
                message.startSending();
                CountDownLatch go = new CountDownLatch(1);
                CountDownLatch done = new CountDownLatch(3);
                for (Runnable r : List.<Runnable>of(() -> message.written(new WriteResult("t", 0, 0, 0)),
                        () -> message.timedOut("t"), () -> message.stopped("s"))) {
                    pool.execute(() -> {
                        try {
                            go.await();
                            r.run();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            done.countDown();
                        }
                    });
                }
                go.countDown();
                assertTrue(done.await(5, TimeUnit.SECONDS));
                assertEquals(1, seen.size());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
