package dev.kgate.connect.config;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/** Builds the listener's server-side TLS context from the configured key store. */
final class TlsContexts {

    private TlsContexts() {
    }

    static SSLContext fromKeyStore(HttpGatewayConfig config) {
        String path = config.getString(HttpGatewayConfig.HTTP_TLS_KEYSTORE_PATH_CONFIG);
        char[] storePassword = chars(config.getPassword(HttpGatewayConfig.HTTP_TLS_KEYSTORE_PASSWORD_CONFIG));
        Password keyPasswordConfig = config.getPassword(HttpGatewayConfig.HTTP_TLS_KEY_PASSWORD_CONFIG);
        char[] keyPassword = keyPasswordConfig == null ? storePassword : chars(keyPasswordConfig);
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            KeyStore keyStore = KeyStore.getInstance(config.getString(HttpGatewayConfig.HTTP_TLS_KEYSTORE_TYPE_CONFIG));
            keyStore.load(in, storePassword);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, keyPassword);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            // The message names the file, never a password.
            throw new ConfigException(HttpGatewayConfig.HTTP_TLS_KEYSTORE_PATH_CONFIG, path,
                    "cannot load the TLS key store: " + e.getMessage());
        }
    }

    private static char[] chars(Password password) {
        return password == null ? null : password.value().toCharArray();
    }
}
