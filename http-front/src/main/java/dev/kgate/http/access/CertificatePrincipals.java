package dev.kgate.http.access;

import dev.kgate.http.pipeline.Refusal;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RenegotiationRequiredException;
import io.undertow.server.SSLSessionInfo;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

/**
 * With mutual TLS, names the holder of a request's client certificate: the handshake verified the certificate against
 * the trust store, {@link CertificateNameRules} map its subject to a name, and the principal is {@code cert:<name>}.
 */
public final class CertificatePrincipals {

    /** Asks nothing of the TLS session: for listeners that do not ask for client certificates. */
    public static final CertificatePrincipals NONE = new CertificatePrincipals(null);

    /** Null for {@link #NONE}. */
    private final CertificateNameRules rules;

    private CertificatePrincipals(CertificateNameRules rules) {
        this.rules = rules;
    }

    public static CertificatePrincipals namedBy(CertificateNameRules rules) {
        return new CertificatePrincipals(rules);
    }

    /**
     * @return the principal of the request's verified client certificate; null when it has none
     * @throws Refusal 401 when it has one but no rule gives it a usable name
     */
    public Principal principalOf(HttpServerExchange exchange) {
        if (rules == null) {
            return null;
        }
        X509Certificate certificate = verifiedCertificate(exchange);
        if (certificate == null) {
            return null;
        }
        String name = rules.nameOf(certificate.getSubjectX500Principal());
        if (name == null) {
            throw new Refusal(401, "Unauthorized: the client certificate's subject maps to no principal name");
        }
        return Principal.certificate(name);
    }

    private static X509Certificate verifiedCertificate(HttpServerExchange exchange) {
        SSLSessionInfo session = exchange.getConnection().getSslSessionInfo();
        if (session == null) {
            return null;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? leaf : null;
        } catch (SSLPeerUnverifiedException | RenegotiationRequiredException e) {
            // The client sent none where one was only requested. Never renegotiate to ask again.
            return null;
        }
    }

    @Override
    public String toString() {
        return rules == null ? "no client certificates" : "client certificates named by " + rules;
    }
}
