package dev.kgate.connect.idempotency;

import dev.kgate.connect.util.SharedByKey;
import dev.kgate.http.idempotency.IdempotencyKeys;

/**
 * One table of idempotency keys per connector and settings on this worker, shared by the connector's tasks as they
 * share the listener (which spreads a client's retries over them): the first task creates it, the last to leave
 * drops it.
 */
public final class SharedIdempotencyKeys {

    private static final SharedByKey<Key, IdempotencyKeys> TABLES = new SharedByKey<>(table -> { });

    private record Key(String connector, long windowMs, int maxKeys) {
    }

    /** A task's use of the table; {@link #close()} is safe to call twice. */
    public static final class Lease implements AutoCloseable {
        private final SharedByKey<Key, IdempotencyKeys>.Lease shared;

        private Lease(SharedByKey<Key, IdempotencyKeys>.Lease shared) {
            this.shared = shared;
        }

        public IdempotencyKeys keys() {
            return shared.value();
        }

        @Override
        public void close() {
            shared.close();
        }
    }

    private SharedIdempotencyKeys() {
    }

    public static Lease acquire(String connector, long windowMs, int maxKeys) {
        return new Lease(TABLES.acquire(new Key(connector, windowMs, maxKeys),
                () -> new IdempotencyKeys(windowMs, maxKeys)));
    }
}
