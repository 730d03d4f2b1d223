package dev.kgate.connect.util;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Things a connector's tasks on one worker share, one per key: the first task to ask creates it, the last one to
 * let go of it drops it (and closes it, outside the lock). Each task holds a {@link Lease}.
 *
 * @param <K> what tells one shared thing from another (the connector, and the settings it was made with)
 * @param <V> the shared thing
 */
public final class SharedByKey<K, V> {

    private final Map<K, Shared<V>> byKey = new HashMap<>();
    private final Consumer<V> onLastRelease;

    /** @param onLastRelease closes a thing once no task holds it any more */
    public SharedByKey(Consumer<V> onLastRelease) {
        this.onLastRelease = onLastRelease;
    }

    private static final class Shared<V> {
        final V value;
        int users;

        Shared(V value) {
            this.value = value;
        }
    }

    /** A task's use of the shared thing; {@link #close()} lets go of it, and is safe to call twice. */
    public final class Lease implements AutoCloseable {
        private final K key;
        private final Shared<V> shared;
        private boolean released;

        private Lease(K key, Shared<V> shared) {
            this.key = key;
            this.shared = shared;
        }

        public V value() {
            return shared.value;
        }

        @Override
        public void close() {
            release(this);
        }
    }

    public Lease acquire(K key, Supplier<V> create) {
        synchronized (byKey) {
            Shared<V> shared = byKey.computeIfAbsent(key, k -> new Shared<>(create.get()));
            shared.users++;
            return new Lease(key, shared);
        }
    }

    private void release(Lease lease) {
        V last = null;
        synchronized (byKey) {
            if (lease.released) {
                return;
            }
            lease.released = true;
            if (--lease.shared.users == 0) {
                byKey.remove(lease.key, lease.shared);
                last = lease.shared.value;
            }
        }
        if (last != null) {
            onLastRelease.accept(last);
        }
    }
}
