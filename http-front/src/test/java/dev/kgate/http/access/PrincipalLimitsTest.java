package dev.kgate.http.access;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrincipalLimitsTest {

    private final AtomicLong nanos = new AtomicLong();
    private static final Principal ALICE = Principal.user("alice", 0);
    private static final Principal BOB = Principal.user("bob", 0);

    @Test
    void aBurstOverTheRequestRateIsRefusedAndEachPrincipalHasItsOwnBucket() {
        PrincipalLimits limits = new PrincipalLimits(10, 0, 0, nanos::get);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, limits.admit(ALICE, 100), "request " + i);
        }
        long wait = limits.admit(ALICE, 100);
        assertTrue(wait > 0 && wait <= 100, "wait " + wait);
        assertEquals(0, limits.admit(BOB, 100));
        nanos.addAndGet(100_000_000);
        assertEquals(0, limits.admit(ALICE, 100), "one request's worth refilled in 100 ms");
        assertTrue(limits.admit(ALICE, 100) > 0);
    }

    @Test
    void bytesAreLimitedTooAndARefusedWriteTakesNothing() {
        PrincipalLimits limits = new PrincipalLimits(0, 1000, 0, nanos::get);
        assertEquals(0, limits.admit(ALICE, 600));
        long wait = limits.admit(ALICE, 600);
        assertEquals(200, wait, "200 bytes missing at 1000 bytes/s");
        assertEquals(0, limits.admit(ALICE, 400), "the refused write took nothing");
        assertTrue(limits.admit(ALICE, 1) > 0);
        nanos.addAndGet(10_000_000_000L);
        assertEquals(0, limits.admit(ALICE, 1000), "the bucket holds one second's worth, no more");
        assertTrue(limits.admit(ALICE, 1) > 0);
    }

    @Test
    void noLimitsAdmitEverythingAndSocketsAreCappedPerPrincipal() {
        for (int i = 0; i < 10_000; i++) {
            assertEquals(0, PrincipalLimits.NONE.admit(ALICE, 1 << 20));
        }
        assertTrue(PrincipalLimits.NONE.mayOpenSocket(1_000_000));
        PrincipalLimits two = new PrincipalLimits(0, 0, 2, nanos::get);
        assertTrue(two.mayOpenSocket(1));
        assertFalse(two.mayOpenSocket(2));
    }
}
