package dev.kgate.connect.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * What this JVM's TLS can do: the protocols and cipher suites it knows, and those it enables (the known ones less
 * those {@code jdk.tls.disabledAlgorithms} disables). Validators refuse what would make every handshake fail.
 */
final class JvmTlsSupport {

    private JvmTlsSupport() {
    }

    /** A plain context: unlike {@code SSLContext.getDefault()}, it does not read the javax.net.ssl.* key stores. */
    private static final class Parameters {
        static final SSLParameters SUPPORTED;
        static final SSLParameters ENABLED;

        static {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, null, null);
                SUPPORTED = context.getSupportedSSLParameters();
                ENABLED = context.getDefaultSSLParameters();
            } catch (GeneralSecurityException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    static final ConfigDef.Validator PROTOCOLS = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            List<?> protocols = (List<?>) value;
            if (protocols.isEmpty()) {
                throw new ConfigException(name, value, "name at least one TLS version");
            }
            List<String> enabled = List.of(Parameters.ENABLED.getProtocols());
            for (Object protocol : protocols) {
                if (!List.of(Parameters.SUPPORTED.getProtocols()).contains(protocol.toString())) {
                    throw new ConfigException(name, protocol, "this JVM knows no such TLS version; it speaks "
                            + enabled);
                }
                if (!enabled.contains(protocol.toString())) {
                    throw new ConfigException(name, protocol, "this JVM disables it (jdk.tls.disabledAlgorithms):"
                            + " no client could connect with it; it speaks " + enabled);
                }
            }
        }

        @Override
        public String toString() {
            return "TLS versions this JVM enables";
        }
    };

    static final ConfigDef.Validator CIPHER_SUITES = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            List<String> enabled = List.of(Parameters.ENABLED.getCipherSuites());
            for (Object suite : (List<?>) value) {
                if (!enabled.contains(suite.toString())) {
                    throw new ConfigException(name, suite, "this JVM does not know or does not enable this cipher"
                            + " suite (Java names, e.g. " + enabled.get(0) + ")");
                }
            }
        }

        @Override
        public String toString() {
            return "cipher suites this JVM enables";
        }
    };
}
