package dev.kgate.http.listener;

import javax.net.ssl.SSLContext;

/**
 * How to open the listener. The first task to bind a port decides these; tasks that join it later share them.
 *
 * @param sslContext null for plain HTTP, otherwise the listener speaks only HTTPS
 * @param ioThreads  Undertow I/O threads; they parse and dispatch, and never block
 * @param limits     time and memory bounds every client of the listener gets
 */
public record ListenerSettings(String bindAddress, int port, SSLContext sslContext, int ioThreads,
                               ListenerLimits limits) {

    public ListenerSettings(String bindAddress, int port, SSLContext sslContext, int ioThreads) {
        this(bindAddress, port, sslContext, ioThreads, ListenerLimits.DEFAULTS);
    }

    public boolean tls() {
        return sslContext != null;
    }

    /** Equal but for the TLS context object, which each task builds anew from the same key store. */
    public boolean sameShape(ListenerSettings other) {
        return bindAddress.equals(other.bindAddress) && port == other.port && tls() == other.tls()
                && ioThreads == other.ioThreads && limits.equals(other.limits);
    }

    public String describe() {
        return (tls() ? "https://" : "http://") + bindAddress + ":" + port;
    }
}
