package dev.kgate.http.metrics;

/**
 * What the front reports about its traffic, for whoever hosts it to count (the connector: Connect's plugin metrics).
 * Called on Undertow's I/O threads, once per request or socket: an implementation records without blocking and
 * without holding a lock across I/O. Every tag it is given comes from the code (route templates, statuses, the
 * reasons in {@link RefusalReason}), never from what a client sent, so the set of series stays small.
 */
public interface GatewayMetrics {

    /** Records nothing: for a front hosted without metrics, and for tests. */
    GatewayMetrics NONE = new GatewayMetrics() {
    };

    /**
     * One HTTP exchange ended (a WebSocket upgrade ends with its 101).
     *
     * @param route    the route's path template ({@code /stations/{station}/produce/single}), or {@link
     *                 ExchangeRoutes#OTHER} when no route matched
     * @param bytesIn  the request body's bytes as they arrived (compressed when compressed)
     * @param bytesOut the answer's bytes, headers included
     */
    default void requestCompleted(String route, int status, long bytesIn, long bytesOut) {
    }

    /** An exchange was answered with a 4xx or 5xx, for this reason. */
    default void refused(RefusalReason reason) {
    }

    /** Credentials were missing or wrong (a 401), on this route. */
    default void authenticationFailed(String route) {
    }

    default void socketOpened(SocketSide side) {
    }

    default void socketClosed(SocketSide side) {
    }
}
