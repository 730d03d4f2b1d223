package dev.kgate.http.listener;

import org.xnio.SslClientAuthMode;

import javax.net.ssl.SSLContext;
import java.util.List;
import java.util.Locale;

/**
 * How the listener speaks TLS. A listener with these settings speaks only HTTPS on its port: no plain-HTTP port is
 * opened beside it, and a plain-HTTP request to it fails its handshake without an answer.
 *
 * @param context      the listener's key, and the issuers it trusts for client certificates (if any)
 * @param protocols    TLS versions offered; empty for the JVM's defaults
 * @param cipherSuites cipher suites offered; empty for the JVM's defaults
 * @param clientAuth   whether the handshake asks for a client certificate
 */
public record TlsSettings(SSLContext context, List<String> protocols, List<String> cipherSuites,
                          ClientAuth clientAuth) {

    /** Kafka's {@code ssl.client.auth} values. */
    public enum ClientAuth {
        /** No client certificate is asked for. */
        NONE(SslClientAuthMode.NOT_REQUESTED),
        /** Asked for; a client without one still connects, and authenticates otherwise. */
        REQUESTED(SslClientAuthMode.REQUESTED),
        /** A client without a certificate the trust store vouches for cannot complete the handshake. */
        REQUIRED(SslClientAuthMode.REQUIRED);

        private final SslClientAuthMode mode;

        ClientAuth(SslClientAuthMode mode) {
            this.mode = mode;
        }

        SslClientAuthMode xnioMode() {
            return mode;
        }
    }

    public TlsSettings {
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
    }

    /** The JVM's protocols and cipher suites, no client certificates. */
    public static TlsSettings of(SSLContext context) {
        return new TlsSettings(context, List.of(), List.of(), ClientAuth.NONE);
    }

    /** For the log: what clients are offered, never key material. */
    public String describe() {
        return (protocols.isEmpty() ? "the JVM's TLS versions" : String.join(", ", protocols))
                + (cipherSuites.isEmpty() ? "" : ", " + cipherSuites.size() + " cipher suite(s)")
                + ", client certificates " + clientAuth.name().toLowerCase(Locale.ROOT)
                .replace("none", "not asked for");
    }

    /** Equal but for the context object, which each task builds anew from the same stores. */
    boolean sameShape(TlsSettings other) {
        return protocols.equals(other.protocols) && cipherSuites.equals(other.cipherSuites)
                && clientAuth == other.clientAuth;
    }
}
