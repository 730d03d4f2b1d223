package dev.kgate.http.auth;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Failed logins per client address, counted in fixed windows. An address's failures plus its checks in flight never
 * exceed {@code max}, so it costs at most {@code max} hashes per window however many connections it floods with;
 * once it has failed {@code max} times it is refused until its window ends. The address is the socket's peer, never
 * a header the client writes; an IPv6 address counts by its /64, which one client usually holds whole. At most
 * {@code capacity} addresses are remembered: beyond, the one touched least recently is forgotten, so a flood of
 * addresses cannot exhaust the heap.
 */
final class FailedLogins {

    /** Whether an address may have a check made now. */
    enum Admission { ADMITTED, TOO_MANY_IN_FLIGHT, TOO_MANY_FAILURES }

    static final int DEFAULT_CAPACITY = 10_000;
    private static final int IPV6_PREFIX_BYTES = 8;

    private final int max;
    private final long windowMs;
    private final LongSupplier clock;
    private final Map<String, Window> windows;

    /** An address's failures since {@code start}, and its checks not finished yet. */
    private static final class Window {
        long start;
        int failures;
        int inFlight;

        Window(long start) {
            this.start = start;
        }
    }

    FailedLogins(int max, long windowMs, int capacity, LongSupplier clock) {
        this.max = max;
        this.windowMs = windowMs;
        this.clock = clock;
        this.windows = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Counts a check in flight when it is admitted; {@link #done} must follow. */
    synchronized Admission admit(InetAddress address) {
        Window window = current(key(address));
        if (window.failures >= max) {
            return Admission.TOO_MANY_FAILURES;
        }
        if (window.failures + window.inFlight >= max) {
            return Admission.TOO_MANY_IN_FLIGHT;
        }
        window.inFlight++;
        return Admission.ADMITTED;
    }

    /** Ends an admitted check. */
    synchronized void done(InetAddress address, boolean failed) {
        String key = key(address);
        Window window = current(key);
        window.inFlight = Math.max(0, window.inFlight - 1);
        if (failed) {
            window.failures++;
        }
        if (window.failures == 0 && window.inFlight == 0) {
            windows.remove(key);
        }
    }

    /** @return how long the address must wait before its failures are forgotten, in milliseconds; 0 when none */
    synchronized long waitMillis(InetAddress address) {
        Window window = windows.get(key(address));
        return window == null || window.failures == 0 ? 0
                : Math.max(0, window.start + windowMs - clock.getAsLong());
    }

    synchronized int trackedAddresses() {
        return windows.size();
    }

    /** The address's window, a fresh one when the last has passed (its checks in flight carry over). */
    private Window current(String key) {
        long now = clock.getAsLong();
        Window window = windows.computeIfAbsent(key, k -> new Window(now));
        if (now - window.start >= windowMs) {
            window.start = now;
            window.failures = 0;
        }
        return window;
    }

    private static String key(InetAddress address) {
        if (address == null) {
            return "unknown";
        }
        byte[] bytes = address.getAddress();
        return HexFormat.of().formatHex(address instanceof Inet6Address
                ? Arrays.copyOf(bytes, IPV6_PREFIX_BYTES) : bytes);
    }
}
