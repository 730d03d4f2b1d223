package dev.kgate.http.listener;

/**
 * How to open the listener. The tasks of one configuration share it; a new configuration with other settings
 * opens a new one once the old one has closed.
 *
 * @param tls        null for plain HTTP; otherwise the listener speaks only HTTPS, and opens no plain-HTTP port
 * @param ioThreads  Undertow I/O threads; they parse and dispatch, and never block
 * @param limits     time and memory bounds every client of the listener gets
 */
public record ListenerSettings(String bindAddress, int port, TlsSettings tls, int ioThreads,
                               ListenerLimits limits) {

    public ListenerSettings(String bindAddress, int port, TlsSettings tls, int ioThreads) {
        this(bindAddress, port, tls, ioThreads, ListenerLimits.DEFAULTS);
    }

    public boolean https() {
        return tls != null;
    }

    /** Equal but for the TLS context object, which each task builds anew from the same stores. */
    public boolean sameShape(ListenerSettings other) {
        return bindAddress.equals(other.bindAddress) && port == other.port
                && (https() ? other.https() && tls.sameShape(other.tls) : !other.https())
                && ioThreads == other.ioThreads && limits.equals(other.limits);
    }

    public String describe() {
        return (https() ? "https://" : "http://") + bindAddress + ":" + port;
    }
}
