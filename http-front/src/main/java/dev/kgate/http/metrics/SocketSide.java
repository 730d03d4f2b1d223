package dev.kgate.http.metrics;

/** The two WebSocket routes, for the count of open sockets. */
public enum SocketSide {
    /** Clients write to Kafka. */
    IN("/socket/in"),
    /** Clients read from Kafka. */
    OUT("/socket/out");

    private final String route;

    SocketSide(String route) {
        this.route = route;
    }

    /** The route's path template, as the request metrics name it. */
    public String route() {
        return route;
    }
}
