package dev.kgate.http.listener;

/**
 * What one listener allows every client, whichever task serves it: bounds on time and memory that keep one slow or
 * hostile client from holding a connection, an I/O thread or the heap.
 *
 * @param maxInputBytes    bytes of unfinished input (bodies, frames) held across all connections of the listener
 * @param idleTimeoutMs    a connection with no bytes moving either way for this long is closed
 * @param requestTimeoutMs a request's headers and body must arrive within this time (slow-read defence)
 */
public record ListenerLimits(long maxInputBytes, long idleTimeoutMs, long requestTimeoutMs) {

    public static final ListenerLimits DEFAULTS = new ListenerLimits(256L * 1024 * 1024, 60_000, 30_000);
}
