package dev.kgate.http.listener;

import javax.net.ssl.SSLContext;

/**
 * How to open the listener. The first task to bind a port decides these; tasks that join it later share them.
 *
 * @param sslContext null for plain HTTP, otherwise the listener speaks only HTTPS
 * @param ioThreads  Undertow I/O threads; they parse and dispatch, and never block
 */
public record ListenerSettings(String bindAddress, int port, SSLContext sslContext, int ioThreads) {

    public boolean tls() {
        return sslContext != null;
    }

    /** Equal but for the TLS context object, which each task builds anew from the same key store. */
    public boolean sameShape(ListenerSettings other) {
        return bindAddress.equals(other.bindAddress) && port == other.port && tls() == other.tls()
                && ioThreads == other.ioThreads;
    }

    public String describe() {
        return (tls() ? "https://" : "http://") + bindAddress + ":" + port;
    }
}
