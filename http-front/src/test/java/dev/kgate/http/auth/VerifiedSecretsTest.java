package dev.kgate.http.auth;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifiedSecretsTest {

    private final AtomicLong now = new AtomicLong(1_000);

    @Test
    void aVerifiedPairIsRememberedUntilItExpires() {
        VerifiedSecrets verified = new VerifiedSecrets(10, 5_000, now::get);
        verified.remember("alice", "wonderland");
        assertTrue(verified.contains("alice", "wonderland"));
        assertFalse(verified.contains("alice", "wonderlanD"));
        assertFalse(verified.contains("bob", "wonderland"));
        // The name's length is part of the digest: the same characters split differently are another pair.
        assertFalse(verified.contains("alicew", "onderland"));
        now.addAndGet(5_000);
        assertFalse(verified.contains("alice", "wonderland"));
    }

    @Test
    void theLeastRecentlyUsedPairLeavesFirstAndZeroRemembersNothing() {
        VerifiedSecrets verified = new VerifiedSecrets(2, 60_000, now::get);
        verified.remember("a", "1");
        verified.remember("b", "2");
        assertTrue(verified.contains("a", "1"));
        verified.remember("c", "3");
        assertTrue(verified.contains("a", "1"));
        assertFalse(verified.contains("b", "2"));
        VerifiedSecrets none = new VerifiedSecrets(0, 60_000, now::get);
        none.remember("a", "1");
        assertFalse(none.contains("a", "1"));
    }
}
