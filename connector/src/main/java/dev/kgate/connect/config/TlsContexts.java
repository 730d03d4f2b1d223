package dev.kgate.connect.config;

import dev.kgate.http.listener.TlsSettings;
import dev.kgate.http.listener.TlsSettings.ClientAuth;
import org.apache.kafka.common.config.AbstractConfig;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/** Builds the listener's TLS settings: its context from the configured stores, and what it offers clients. */
final class TlsContexts {

    private TlsContexts() {
    }

    /** @throws TlsProblem naming the key at fault, never a password */
    static TlsSettings settings(AbstractConfig config) {
        TlsStores.KeyMaterial key = TlsStores.keyStore(config);
        KeyStore trust = TlsStores.trustStore(config);
        ClientAuth clientAuth = TlsOptions.clientAuth(config);
        if (clientAuth != ClientAuth.NONE && trust == null) {
            throw new TlsProblem(TlsOptions.CLIENT_AUTH_CONFIG, "client certificates need a trust store of the"
                    + " authorities that issue them (" + TlsOptions.TRUSTSTORE_LOCATION_CONFIG + " or "
                    + TlsOptions.TRUSTSTORE_CERTIFICATES_CONFIG + ")");
        }
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(key.store(), key.keyPassword());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), clientAuth == ClientAuth.NONE ? null : trusting(trust), null);
            return new TlsSettings(context, config.getList(TlsOptions.ENABLED_PROTOCOLS_CONFIG),
                    config.getList(TlsOptions.CIPHER_SUITES_CONFIG), clientAuth);
        } catch (GeneralSecurityException e) {
            throw new TlsProblem(TlsOptions.KEYSTORE_LOCATION_CONFIG, "cannot make a TLS context of the key store: "
                    + e.getMessage());
        }
    }

    /** Only the configured authorities vouch for clients, never the JVM's default ones. */
    private static TrustManager[] trusting(KeyStore trust) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        return factory.getTrustManagers();
    }
}
