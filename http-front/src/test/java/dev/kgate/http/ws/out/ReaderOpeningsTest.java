package dev.kgate.http.ws.out;

import dev.kgate.http.metrics.SocketSide;
import dev.kgate.http.pipeline.Refusal;
import dev.kgate.http.testing.TestGateways;
import dev.kgate.http.util.Causes;
import dev.kgate.http.ws.WorkerSocketCap;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReaderOpeningsTest {

    private static TopicReader opened(CompletableFuture<TopicReader> opening) throws Exception {
        return opening.get(10, TimeUnit.SECONDS);
    }

    @Test
    void readersOpenOffTheCallersThreadUpToTheCapAndClosingOneMakesRoom() throws Exception {
        int before = WorkerSocketCap.openNow(SocketSide.OUT);
        ReaderOpenings openings = new ReaderOpenings(before + 2, 3);
        AtomicReference<String> thread = new AtomicReference<>();
        TopicReader first = opened(openings.open(() -> {
            thread.set(Thread.currentThread().getName());
            return new TestGateways.EmptyTopic();
        }));
        assertTrue(thread.get().startsWith("kgate-reader-open-"), thread.get());
        TopicReader second = opened(openings.open(TestGateways.EmptyTopic::new));
        CompletionException full = assertThrows(CompletionException.class, () -> openings.open(TestGateways.EmptyTopic::new).join());
        Refusal refusal = assertInstanceOf(Refusal.class, Causes.unwrap(full));
        assertEquals(503, refusal.status());
        assertEquals(3, refusal.retryAfterSeconds());
        first.close();
        first.close();
        assertEquals(before + 1, WorkerSocketCap.openNow(SocketSide.OUT), "a reader closed twice gives its place back once");
        TopicReader third = opened(openings.open(TestGateways.EmptyTopic::new));
        second.close();
        third.close();
        assertEquals(before, WorkerSocketCap.openNow(SocketSide.OUT));
    }

    @Test
    void aReaderThatCannotBeOpenedTakesNoPlace() {
        int before = WorkerSocketCap.openNow(SocketSide.OUT);
        ReaderOpenings openings = new ReaderOpenings(before + 1, 1);
        CompletionException failed = assertThrows(CompletionException.class, () -> openings.open(() -> {
            throw new IllegalStateException("no consumer");
        }).join());
        assertEquals("no consumer", Causes.unwrap(failed).getMessage());
        assertEquals(before, WorkerSocketCap.openNow(SocketSide.OUT));
    }
}
