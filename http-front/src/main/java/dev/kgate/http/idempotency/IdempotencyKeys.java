package dev.kgate.http.idempotency;

import dev.kgate.http.ingest.IngestMessage;
import dev.kgate.http.ingest.MessageHeader;
import dev.kgate.http.ingest.Outcome;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The writes made under clients' {@code Idempotency-Key}s, per station, for a window: a repeated key is answered
 * with the first attempt's fate instead of being written again. One table serves every task of a connector on a
 * worker, since a listener spreads a client's retries over them.
 *
 * <p>An entry lives until its window ends, except when the first attempt turns out certainly not written (refused,
 * or never left the queue) or its fate can no longer be learned (the task stopped with it in flight): then the key
 * is released and a retry writes. Bounded: when the table is full of live entries a new key is refused, never an
 * older one silently forgotten.
 */
public final class IdempotencyKeys {

    /** The record header that carries the key, so consumers can deduplicate across workers too. */
    public static final String RECORD_HEADER = "Idempotency-Key";

    /**
     * The headers with the key as the record header, replacing any header of that name the client sent, so that
     * consumers deduplicating by it see the key the gateway deduplicated by.
     */
    public static List<MessageHeader> withKeyHeader(List<MessageHeader> headers, String key) {
        List<MessageHeader> all = new ArrayList<>(headers.size() + 1);
        for (MessageHeader header : headers) {
            if (!header.key().equalsIgnoreCase(RECORD_HEADER)) {
                all.add(header);
            }
        }
        all.add(new MessageHeader(RECORD_HEADER, key));
        return all;
    }

    /** At most this many characters, printable ASCII: keys are usually UUIDs. */
    public static final int MAX_KEY_LENGTH = 255;

    private final long windowNanos;
    private final int maxKeys;
    private final LongSupplier nanoTime;
    private final Map<Key, Entry> entries = new LinkedHashMap<>();

    private record Key(String station, String key) {
    }

    /** The first attempt under a key: what it wrote, once known. */
    public static final class Entry {
        private final byte[] digest;
        private final long createdNanos;
        private final CompletableFuture<Outcome> fate = new CompletableFuture<>();

        private Entry(byte[] digest, long createdNanos) {
            this.digest = digest;
            this.createdNanos = createdNanos;
        }

        /** Completes with WRITTEN, DROPPED, NOT_WRITTEN or UNKNOWN_STOPPED; never with a client's timeout. */
        public CompletableFuture<Outcome> fate() {
            return fate;
        }
    }

    /** What a request with a key is to do. */
    public sealed interface Claim {
        /** No attempt yet: write, and {@link #track} the message. */
        record First(Entry entry) implements Claim {
        }

        /** An attempt with the same content was made: answer with its fate. */
        record Repeat(Entry entry) implements Claim {
        }

        /** The key was used for different content. */
        record Mismatch() implements Claim {
        }

        /** Every entry is live and the table is full. */
        record Full() implements Claim {
        }
    }

    public IdempotencyKeys(long windowMs, int maxKeys) {
        this(windowMs, maxKeys, System::nanoTime);
    }

    IdempotencyKeys(long windowMs, int maxKeys, LongSupplier nanoTime) {
        this.windowNanos = windowMs * 1_000_000;
        this.maxKeys = maxKeys;
        this.nanoTime = nanoTime;
    }

    /** @return why the key is not one, or null when it is fine */
    public static String problem(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return "Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " characters";
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return "Idempotency-Key must be printable ASCII without spaces";
            }
        }
        return null;
    }

    /**
     * A digest of what a message writes, to tell a retry from a reuse of its key: SHA-256 over the parts, each
     * length-prefixed so that no split of the same bytes collides; a null part counts apart from an empty one.
     */
    public static byte[] digest(byte[]... parts) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                sha256.update(ByteBuffer.allocate(4).putInt(part == null ? -1 : part.length).array());
                if (part != null) {
                    sha256.update(part);
                }
            }
            return sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** What a repeat is told when the first attempt is still unacknowledged at the end of its wait. */
    public static Outcome stillUnknown(long ackTimeoutMs) {
        return Outcome.of(Outcome.Kind.UNKNOWN_TIMED_OUT, "the first attempt with this idempotency key has had no"
                + " acknowledgement from Kafka within " + ackTimeoutMs + " ms; retry with the same key");
    }

    /** @param digest a digest of what is to be written (body, key), to tell a retry from a reuse */
    public synchronized Claim claim(String station, String key, byte[] digest) {
        long now = nanoTime.getAsLong();
        expire(now);
        Key id = new Key(station, key);
        Entry existing = entries.get(id);
        if (existing != null) {
            return Arrays.equals(existing.digest, digest) ? new Claim.Repeat(existing) : new Claim.Mismatch();
        }
        if (entries.size() >= maxKeys) {
            return new Claim.Full();
        }
        Entry entry = new Entry(digest, now);
        entries.put(id, entry);
        return new Claim.First(entry);
    }

    /** Follows the first attempt's message to its fate. */
    public void track(String station, String key, Entry entry, IngestMessage message) {
        message.onFate(fate -> settle(new Key(station, key), entry, fate));
    }

    /** The first attempt was never handed to a sink (refused before the offer): a retry writes. */
    public void release(String station, String key, Entry entry, Outcome fate) {
        settle(new Key(station, key), entry, fate);
    }

    private void settle(Key id, Entry entry, Outcome fate) {
        boolean writable = fate.kind() == Outcome.Kind.NOT_WRITTEN || fate.kind() == Outcome.Kind.UNKNOWN_STOPPED;
        if (writable) {
            synchronized (this) {
                entries.remove(id, entry);
            }
        }
        entry.fate.complete(fate);
    }

    /** Entries are in creation order, so the expired ones are at the head. */
    private void expire(long now) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (now - entry.createdNanos < windowNanos) {
                return;
            }
            it.remove();
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
