package dev.kgate.connect.queue;

import dev.kgate.http.ingest.IngestMessage;
import dev.kgate.http.ingest.MessageSink.Offer;
import dev.kgate.http.ingest.TypedValue;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngestQueueTest {

    private static IngestMessage message(int bytes) {
        return new IngestMessage("t", null, TypedValue.bytes(new byte[bytes]), List.of(), null, o -> { });
    }

    @Test
    void boundedInRecords() {
        IngestQueue queue = new IngestQueue(2, 1_000);
        assertEquals(Offer.ACCEPTED, queue.offer(message(1)));
        assertEquals(Offer.ACCEPTED, queue.offer(message(1)));
        assertEquals(Offer.FULL, queue.offer(message(1)));
        assertFalse(queue.hasRoomFor(1));
    }

    @Test
    void boundedInBytesAndRefusalsReleaseTheirReservation() {
        IngestQueue queue = new IngestQueue(100, 100);
        assertEquals(Offer.ACCEPTED, queue.offer(message(60)));
        assertEquals(Offer.FULL, queue.offer(message(60)));
        assertEquals(60, queue.bytes());
        assertTrue(queue.hasRoomFor(40));
        assertFalse(queue.hasRoomFor(41));
    }

    @Test
    void oneMessageLargerThanTheBoundPassesOnlyWhenEmpty() {
        IngestQueue queue = new IngestQueue(100, 100);
        assertEquals(Offer.ACCEPTED, queue.offer(message(500)));
        assertEquals(Offer.FULL, queue.offer(message(1)));
    }

    @Test
    void drainTakesUpToTheBatchSizeAndFreesBytes() throws Exception {
        IngestQueue queue = new IngestQueue(100, 1_000);
        for (int i = 0; i < 5; i++) {
            queue.offer(message(10));
        }
        assertEquals(3, queue.drain(3, 10).size());
        assertEquals(20, queue.bytes());
        assertEquals(2, queue.drain(3, 10).size());
        assertEquals(0, queue.bytes());
    }

    @Test
    void drainReturnsEmptyAfterWaitingWhenIdle() throws Exception {
        IngestQueue queue = new IngestQueue(10, 1_000);
        long start = System.nanoTime();
        assertTrue(queue.drain(10, 50).isEmpty());
        assertTrue(System.nanoTime() - start >= 40_000_000L);
    }

    @Test
    void stopHandsBackWhatWasQueuedAndRefusesMore() {
        IngestQueue queue = new IngestQueue(10, 1_000);
        queue.offer(message(1));
        queue.offer(message(1));
        assertEquals(2, queue.stop().size());
        assertEquals(Offer.STOPPED, queue.offer(message(1)));
        assertFalse(queue.hasRoomFor(1));
        assertEquals(0, queue.size());
    }
}
