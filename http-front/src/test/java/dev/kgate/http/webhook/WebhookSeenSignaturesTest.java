package dev.kgate.http.webhook;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The replay memory: remembered for its window, bounded, forgotten on request, expired oldest first. */
class WebhookSeenSignaturesTest {

    private static byte[] digest(long n) {
        return ByteBuffer.allocate(32).putLong(24, n).array();
    }

    @Test
    void aPayloadIsAReplayUntilItsWindowHasPassed() {
        SeenSignatures seen = new SeenSignatures(10, 100);
        assertEquals(SeenSignatures.Outcome.NEW, seen.remember(digest(1), 100));
        assertEquals(SeenSignatures.Outcome.REPLAY, seen.remember(digest(1), 105));
        assertEquals(SeenSignatures.Outcome.REPLAY, seen.remember(digest(1), 110));
        assertEquals(SeenSignatures.Outcome.NEW, seen.remember(digest(1), 111));
    }

    @Test
    void digestsDifferingInAnyByteAreDifferentPayloads() {
        SeenSignatures seen = new SeenSignatures(10, 100);
        for (int i = 0; i < 32; i++) {
            byte[] digest = new byte[32];
            digest[i] = 1;
            assertEquals(SeenSignatures.Outcome.NEW, seen.remember(digest, 0), "byte " + i);
        }
        assertEquals(32, seen.size());
    }

    @Test
    void fullMeansRefusedNotForgotten() {
        SeenSignatures seen = new SeenSignatures(10, 3);
        for (long n = 0; n < 3; n++) {
            assertEquals(SeenSignatures.Outcome.NEW, seen.remember(digest(n), n));
        }
        assertEquals(SeenSignatures.Outcome.FULL, seen.remember(digest(9), 5));
        // Still remembered, all of them: none was pushed out to make room.
        for (long n = 0; n < 3; n++) {
            assertEquals(SeenSignatures.Outcome.REPLAY, seen.remember(digest(n), 5));
        }
        // Once the oldest has expired there is room again.
        assertEquals(SeenSignatures.Outcome.NEW, seen.remember(digest(9), 11));
        assertEquals(3, seen.size());
    }

    @Test
    void aForgottenPayloadMayComeAgain() {
        SeenSignatures seen = new SeenSignatures(10, 100);
        seen.remember(digest(1), 0);
        seen.remember(digest(2), 0);
        seen.forget(digest(1));
        assertEquals(SeenSignatures.Outcome.NEW, seen.remember(digest(1), 1));
        assertEquals(SeenSignatures.Outcome.REPLAY, seen.remember(digest(2), 1));
    }

    @Test
    void expiredEntriesLeaveMemory() {
        SeenSignatures seen = new SeenSignatures(10, 1_000_000);
        for (long n = 0; n < 10_000; n++) {
            seen.remember(digest(n), n / 1000);
        }
        seen.remember(digest(-1), 100);
        assertEquals(1, seen.size());
    }
}
