package dev.kgate.connect.idempotency;

import dev.kgate.http.idempotency.IdempotencyKeys;

import java.util.HashMap;
import java.util.Map;

/**
 * One table of idempotency keys per connector and settings on this worker, shared by the connector's tasks as they
 * share the listener (which spreads a client's retries over them): the first task creates it, the last to leave
 * drops it.
 */
public final class SharedIdempotencyKeys {

    private static final Map<Key, Shared> TABLES = new HashMap<>();

    private record Key(String connector, long windowMs, int maxKeys) {
    }

    private static final class Shared {
        final IdempotencyKeys keys;
        int users;

        Shared(IdempotencyKeys keys) {
            this.keys = keys;
        }
    }

    /** A task's use of the table; {@link #close()} is safe to call twice. */
    public static final class Lease implements AutoCloseable {
        private final Key key;
        private final Shared shared;
        private boolean released;

        private Lease(Key key, Shared shared) {
            this.key = key;
            this.shared = shared;
        }

        public IdempotencyKeys keys() {
            return shared.keys;
        }

        @Override
        public void close() {
            synchronized (TABLES) {
                if (!released) {
                    released = true;
                    if (--shared.users == 0) {
                        TABLES.remove(key, shared);
                    }
                }
            }
        }
    }

    private SharedIdempotencyKeys() {
    }

    public static Lease acquire(String connector, long windowMs, int maxKeys) {
        Key key = new Key(connector, windowMs, maxKeys);
        synchronized (TABLES) {
            Shared shared = TABLES.computeIfAbsent(key, k -> new Shared(new IdempotencyKeys(windowMs, maxKeys)));
            shared.users++;
            return new Lease(key, shared);
        }
    }
}
