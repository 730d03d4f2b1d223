package dev.kgate.connect.lifecycle;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PollWatchTest {

    private final List<String> events = new ArrayList<>();
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final AtomicBoolean producerGaveUp = new AtomicBoolean();
    private final PollWatch watch = new PollWatch(() -> !inFlight.get(), producerGaveUp::get, new PollWatch.Transitions() {
        @Override
        public void paused() {
            events.add("paused");
        }

        @Override
        public void resumed() {
            events.add("resumed");
        }

        @Override
        public void stalled(boolean stalled) {
            events.add(stalled ? "stalled" : "unstalled");
        }
    });

    private void idle(long ms) throws InterruptedException {
        watch.pollStarted();
        watch.pollEnded();
        Thread.sleep(ms);
    }

    @Test
    void aThreadThatStopsPollingWithNothingInFlightIsPausedAndItsNextPollResumes() throws Exception {
        idle(PollWatch.PAUSED_AFTER_MS / 3);
        watch.check();
        assertEquals(List.of(), events, "a running task polls more often than that");
        idle(PollWatch.PAUSED_AFTER_MS + 50);
        watch.check();
        watch.check();
        assertEquals(List.of("paused"), events, "once");
        assertTrue(watch.paused());
        watch.pollStarted();
        assertEquals(List.of("paused", "resumed"), events, "before the poll takes anything");
        assertFalse(watch.paused());
    }

    @Test
    void aThreadInsidePollIsNeverPaused() throws Exception {
        watch.pollStarted();
        Thread.sleep(PollWatch.PAUSED_AFTER_MS + 50);
        watch.check();
        assertEquals(List.of(), events);
    }

    @Test
    void notPollingWhileRecordsAreInFlightIsSendingNotAPause() throws Exception {
        inFlight.set(true);
        idle(PollWatch.PAUSED_AFTER_MS + 50);
        watch.check();
        assertEquals(List.of(), events, "the worker thread is busy sending (or blocked by the producer)");
        inFlight.set(false);
        watch.check();
        assertEquals(List.of("paused"), events, "once the last ack is in, the idle thread is paused");
    }

    @Test
    void notPollingWhileTheProducerGaveUpOnItsRecordsIsAPauseEvenWithRecordsInFlight() throws Exception {
        inFlight.set(true);
        producerGaveUp.set(true);
        idle(PollWatch.PAUSED_AFTER_MS + 50);
        watch.check();
        assertEquals(List.of("paused"), events, "a cancelled task's thread: nobody will poll what it would queue");
        watch.pollStarted();
        assertEquals(List.of("paused", "resumed"), events, "a thread that polls again was not cancelled after all");
    }
}
