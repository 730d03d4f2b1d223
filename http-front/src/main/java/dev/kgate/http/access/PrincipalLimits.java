package dev.kgate.http.access;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * How fast each principal may write: a token bucket of requests (a REST request or a {@code /socket/in} message
 * each) and one of bytes per principal, each holding one second's worth. A write takes from both or from neither, so
 * nothing over the limit is written and a refused write costs its principal nothing. Principals are the configured
 * users, keys and anonymous, so the map stays as small as the config.
 */
public final class PrincipalLimits {

    /** No limit. */
    public static final PrincipalLimits NONE = new PrincipalLimits(0, 0, 0, System::nanoTime);

    private final double requestsPerSecond;
    private final double bytesPerSecond;
    private final int socketsPerPrincipal;
    private final LongSupplier nanoClock;
    private final Map<String, Buckets> buckets = new ConcurrentHashMap<>();

    /**
     * @param requestsPerSecond   0 for no limit
     * @param bytesPerSecond      0 for no limit; at least the largest body, or that body could never pass
     * @param socketsPerPrincipal open WebSockets per principal; 0 for no limit
     */
    public PrincipalLimits(double requestsPerSecond, double bytesPerSecond, int socketsPerPrincipal,
                           LongSupplier nanoClock) {
        this.requestsPerSecond = requestsPerSecond;
        this.bytesPerSecond = bytesPerSecond;
        this.socketsPerPrincipal = socketsPerPrincipal;
        this.nanoClock = nanoClock;
    }

    /** @return 0 when the write may go ahead (and is counted); otherwise the milliseconds until it could */
    public long admit(Principal principal, long bytes) {
        if (requestsPerSecond <= 0 && bytesPerSecond <= 0) {
            return 0;
        }
        return buckets.computeIfAbsent(principal.name(), name -> new Buckets(nanoClock.getAsLong()))
                .take(bytes, nanoClock.getAsLong());
    }

    /** @return whether a principal with {@code open} sockets may open another */
    public boolean mayOpenSocket(int open) {
        return socketsPerPrincipal <= 0 || open < socketsPerPrincipal;
    }

    public int socketsPerPrincipal() {
        return socketsPerPrincipal;
    }

    /** Both buckets of one principal, refilled continuously. */
    private final class Buckets {
        private double requests = requestsPerSecond;
        private double bytes = bytesPerSecond;
        private long refilledAt;

        Buckets(long now) {
            this.refilledAt = now;
        }

        synchronized long take(long size, long now) {
            double seconds = (now - refilledAt) / 1e9;
            refilledAt = now;
            requests = Math.min(requestsPerSecond, requests + seconds * requestsPerSecond);
            bytes = Math.min(bytesPerSecond, bytes + seconds * bytesPerSecond);
            double waitSeconds = 0;
            if (requestsPerSecond > 0 && requests < 1) {
                waitSeconds = (1 - requests) / requestsPerSecond;
            }
            if (bytesPerSecond > 0 && bytes < size) {
                waitSeconds = Math.max(waitSeconds, (size - bytes) / bytesPerSecond);
            }
            if (waitSeconds > 0) {
                return Math.max(1, (long) Math.ceil(waitSeconds * 1000));
            }
            requests -= requestsPerSecond > 0 ? 1 : 0;
            bytes -= bytesPerSecond > 0 ? size : 0;
            return 0;
        }
    }
}
