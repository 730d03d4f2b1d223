package dev.kgate.http.ws.wire;

/**
 * How long an open WebSocket may stay silent or leave a message unfinished, so that idle, half-open and
 * slow-sending clients do not hold a connection and its buffers forever.
 *
 * @param pingIntervalMs   after this much silence from the client the server sends a ping (a live client answers)
 * @param idleTimeoutMs    a client from which nothing at all arrives for this long is closed (1001); so is one that
 *                         takes none of the server's frames for this long (the connection is dropped)
 * @param messageTimeoutMs a message whose first byte arrived must be complete within this time (else 1008)
 */
public record SocketTimeouts(long pingIntervalMs, long idleTimeoutMs, long messageTimeoutMs) {

    public static final SocketTimeouts DEFAULTS = new SocketTimeouts(30_000, 120_000, 30_000);

    public SocketTimeouts {
        if (pingIntervalMs <= 0 || idleTimeoutMs <= 0 || messageTimeoutMs <= 0) {
            throw new IllegalArgumentException("WebSocket timeouts must be positive");
        }
    }
}
