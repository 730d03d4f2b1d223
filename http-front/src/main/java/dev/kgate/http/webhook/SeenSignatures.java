package dev.kgate.http.webhook;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The signed payloads one rule accepted within its replay window, so that an exact replay is refused. Every entry
 * lives for the same window, so they expire in the order they came and the oldest are dropped from the head. Bounded:
 * when it is full of entries still inside their window, a new payload is turned away (the sender retries later)
 * rather than an older one forgotten, which would open that one to replay. Only verified payloads get in, so filling it
 * takes the secret. Each task keeps its own, on every I/O thread of the listener.
 */
final class SeenSignatures {

    enum Outcome { NEW, REPLAY, FULL }

    /** The 256-bit payload digest, as four longs: a third of the memory of its hex. */
    private record Key(long a, long b, long c, long d) {
        static Key of(byte[] digest) {
            ByteBuffer bytes = ByteBuffer.wrap(digest);
            return new Key(bytes.getLong(), bytes.getLong(), bytes.getLong(), bytes.getLong());
        }
    }

    private final long windowSeconds;
    private final int maxEntries;
    /** Insertion order, which with one window is the order of expiry. */
    private final Map<Key, Long> expiries = new LinkedHashMap<>();

    SeenSignatures(long windowSeconds, int maxEntries) {
        this.windowSeconds = windowSeconds;
        this.maxEntries = maxEntries;
    }

    /** Remembers the payload until {@code nowSeconds} plus the window, unless it is remembered already or no room. */
    synchronized Outcome remember(byte[] digest, long nowSeconds) {
        dropExpired(nowSeconds);
        Key key = Key.of(digest);
        if (expiries.containsKey(key)) {
            return Outcome.REPLAY;
        }
        if (expiries.size() >= maxEntries) {
            return Outcome.FULL;
        }
        expiries.put(key, nowSeconds + windowSeconds);
        return Outcome.NEW;
    }

    /** For a request that ended without its write: its sender may send it again. */
    synchronized void forget(byte[] digest) {
        expiries.remove(Key.of(digest));
    }

    synchronized int size() {
        return expiries.size();
    }

    private void dropExpired(long nowSeconds) {
        Iterator<Long> oldest = expiries.values().iterator();
        while (oldest.hasNext() && oldest.next() < nowSeconds) {
            oldest.remove();
        }
    }
}
