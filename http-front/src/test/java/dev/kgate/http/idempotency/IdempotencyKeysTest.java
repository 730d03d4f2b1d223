package dev.kgate.http.idempotency;

import dev.kgate.http.ingest.IngestMessage;
import dev.kgate.http.ingest.Outcome;
import dev.kgate.http.ingest.TypedValue;
import dev.kgate.http.ingest.WriteResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class IdempotencyKeysTest {

    private final AtomicLong now = new AtomicLong();
    private final IdempotencyKeys keys = new IdempotencyKeys(1_000, 2, now::get);
    private static final byte[] BODY = IdempotencyKeys.digest("body".getBytes());

    private static IngestMessage message() {
        return new IngestMessage("t", null, TypedValue.string("x"), List.of(), null, outcome -> { });
    }

    private IdempotencyKeys.Entry first(String key) {
        return assertInstanceOf(IdempotencyKeys.Claim.First.class, keys.claim("t", key, BODY)).entry();
    }

    @Test
    void aRepeatSharesTheFirstAttemptsFateEvenWhenItsClientTimedOut() {
        IdempotencyKeys.Entry entry = first("k");
        IngestMessage message = message();
        keys.track("t", "k", entry, message);
        assertSame(entry, assertInstanceOf(IdempotencyKeys.Claim.Repeat.class, keys.claim("t", "k", BODY)).entry());
        message.startSending();
        message.timedOut("client gave up");
        assertFalse(entry.fate().isDone(), "a client's timeout is not the message's fate");
        message.written(new WriteResult("t", 0, 7, 1));
        assertEquals(7, entry.fate().join().result().offset());
        assertInstanceOf(IdempotencyKeys.Claim.Repeat.class, keys.claim("t", "k", BODY));
    }

    @Test
    void aKeyIsReleasedWhenTheFirstAttemptWasCertainlyNotWrittenOrItsFateIsLost() {
        IdempotencyKeys.Entry queued = first("q");
        IngestMessage neverSent = message();
        keys.track("t", "q", queued, neverSent);
        neverSent.timedOut("queue stayed full");
        assertEquals(Outcome.Kind.NOT_WRITTEN, queued.fate().join().kind());
        first("q");

        IdempotencyKeys.Entry sending = first("s");
        IngestMessage inFlight = message();
        keys.track("t", "s", sending, inFlight);
        inFlight.startSending();
        inFlight.stopped("task stopping");
        assertEquals(Outcome.Kind.UNKNOWN_STOPPED, sending.fate().join().kind());
        inFlight.written(new WriteResult("t", 0, 1, 1));
        assertEquals(Outcome.Kind.UNKNOWN_STOPPED, sending.fate().join().kind(), "told once");
    }

    @Test
    void reuseForOtherContentIsAMismatchAndStationsHaveTheirOwnKeys() {
        first("k");
        assertInstanceOf(IdempotencyKeys.Claim.Mismatch.class,
                keys.claim("t", "k", IdempotencyKeys.digest("other".getBytes())));
        assertInstanceOf(IdempotencyKeys.Claim.First.class, keys.claim("u", "k", BODY));
    }

    @Test
    void fullOfLiveKeysRefusesNewOnesUntilTheWindowEnds() {
        first("a");
        first("b");
        assertInstanceOf(IdempotencyKeys.Claim.Full.class, keys.claim("t", "c", BODY));
        now.addAndGet(1_000_000_000L);
        first("c");
        first("a");
    }

    @Test
    void keysAreShortPrintableAscii() {
        assertNull(IdempotencyKeys.problem("7f0c2b2e-6c1d-4bd8-9a53-0e1f4c9a1f2b"));
        assertNotNull(IdempotencyKeys.problem(""));
        assertNotNull(IdempotencyKeys.problem("a b"));
        assertNotNull(IdempotencyKeys.problem("é"));
        assertNotNull(IdempotencyKeys.problem("x".repeat(256)));
        assertFalse(java.util.Arrays.equals(IdempotencyKeys.digest("ab".getBytes(), "c".getBytes()),
                IdempotencyKeys.digest("a".getBytes(), "bc".getBytes())));
    }
}
