package dev.kgate.http.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Users' secrets that were checked right a moment ago, so that Basic credentials on every request or upgrade cost
 * one HMAC instead of a PBKDF2 hash each time. Entries are keyed by an HMAC of user and secret under a key made for
 * this process, so the map holds nothing that would help to find a secret; the map is bounded (least recently used
 * first out) and each entry expires. Only successes are kept: a wrong secret always costs a full check.
 */
final class VerifiedSecrets {

    private final int capacity;
    private final long ttlMs;
    private final LongSupplier clock;
    private final SecretKeySpec key;
    /** Digest of (user, secret) to when it expires. */
    private final Map<ByteBuffer, Long> expiries;

    VerifiedSecrets(int capacity, long ttlMs, LongSupplier clock) {
        this.capacity = capacity;
        this.ttlMs = ttlMs;
        this.clock = clock;
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.key = new SecretKeySpec(random, "HmacSHA256");
        this.expiries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Long> eldest) {
                return size() > VerifiedSecrets.this.capacity;
            }
        };
    }

    boolean contains(String user, String secret) {
        if (capacity == 0) {
            return false;
        }
        ByteBuffer digest = digest(user, secret);
        synchronized (expiries) {
            Long expiry = expiries.get(digest);
            if (expiry == null) {
                return false;
            }
            if (expiry <= clock.getAsLong()) {
                expiries.remove(digest);
                return false;
            }
            return true;
        }
    }

    void remember(String user, String secret) {
        if (capacity == 0) {
            return;
        }
        ByteBuffer digest = digest(user, secret);
        synchronized (expiries) {
            expiries.put(digest, clock.getAsLong() + ttlMs);
        }
    }

    private ByteBuffer digest(String user, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] name = user.getBytes(StandardCharsets.UTF_8);
            // The name's length first: ("ab", "c") and ("a", "bc") must not digest alike.
            mac.update(ByteBuffer.allocate(4).putInt(name.length).array());
            mac.update(name);
            mac.update(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
