package dev.kgate.connect.config;

import dev.kgate.http.access.CertificateNameRules;
import dev.kgate.http.access.CertificatePrincipals;
import dev.kgate.http.listener.TlsSettings;
import dev.kgate.http.listener.TlsSettings.ClientAuth;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

import java.util.List;
import java.util.Locale;

/**
 * The listener's TLS keys, named after Kafka's {@code ssl.*} keys under {@code http.tls.}: key and trust stores as
 * PKCS12, JKS or PEM (files, or PEM inline), protocols, cipher suites, client certificates and how they name
 * principals.
 */
final class TlsOptions {

    static final String TLS_GROUP = "TLS";

    static final String ENABLED_CONFIG = "http.tls.enabled";
    private static final String ENABLED_DOC = "Serve HTTPS instead of HTTP, with the key in http.tls.keystore.*. The"
            + " port then speaks only HTTPS: no plain-HTTP port is opened, and a plain-HTTP request gets no answer.";
    private static final String ENABLED_DISPLAY = "TLS";

    static final String KEYSTORE_TYPE_CONFIG = "http.tls.keystore.type";
    private static final String KEYSTORE_TYPE_DOC = "Key store type: PKCS12, JKS, or PEM (a certificate chain and a"
            + " PKCS#8 private key, in the file http.tls.keystore.location or inline in"
            + " http.tls.keystore.certificate.chain and http.tls.keystore.key), as Kafka's ssl.keystore.type.";
    private static final String KEYSTORE_TYPE_DISPLAY = "Key store type";

    static final String KEYSTORE_LOCATION_CONFIG = "http.tls.keystore.location";
    private static final String KEYSTORE_LOCATION_DOC = "File of the key store holding the listener's private key and"
            + " certificate chain; for PEM, a file holding both. Required with http.tls.enabled, unless a PEM key"
            + " is given inline.";
    private static final String KEYSTORE_LOCATION_DISPLAY = "Key store location";

    static final String KEYSTORE_PATH_CONFIG = "http.tls.keystore.path";
    private static final String KEYSTORE_PATH_DOC = "Former name of http.tls.keystore.location, still read when that"
            + " is empty.";
    private static final String KEYSTORE_PATH_DISPLAY = "Key store path (former name)";

    static final String KEYSTORE_PASSWORD_CONFIG = "http.tls.keystore.password";
    private static final String KEYSTORE_PASSWORD_DOC = "Password of a PKCS12 or JKS key store (a PEM key store has"
            + " none: an encrypted PEM key takes http.tls.key.password).";
    private static final String KEYSTORE_PASSWORD_DISPLAY = "Key store password";

    static final String KEY_PASSWORD_CONFIG = "http.tls.key.password";
    private static final String KEY_PASSWORD_DOC = "Password of the private key: in a PKCS12 or JKS store, when it"
            + " differs from the store's; for PEM, of an ENCRYPTED PRIVATE KEY.";
    private static final String KEY_PASSWORD_DISPLAY = "Key password";

    static final String KEYSTORE_CHAIN_CONFIG = "http.tls.keystore.certificate.chain";
    private static final String KEYSTORE_CHAIN_DOC = "The listener's certificate chain inline, as PEM (its own"
            + " certificate first), with http.tls.keystore.type=PEM and http.tls.keystore.key.";
    private static final String KEYSTORE_CHAIN_DISPLAY = "Certificate chain (PEM)";

    static final String KEYSTORE_KEY_CONFIG = "http.tls.keystore.key";
    private static final String KEYSTORE_KEY_DOC = "The listener's private key inline, as PKCS#8 PEM (BEGIN PRIVATE"
            + " KEY, or BEGIN ENCRYPTED PRIVATE KEY with http.tls.key.password), with http.tls.keystore.type=PEM. A"
            + " secret: use a config provider such as ${file:...}.";
    private static final String KEYSTORE_KEY_DISPLAY = "Private key (PEM)";

    static final String TRUSTSTORE_TYPE_CONFIG = "http.tls.truststore.type";
    private static final String TRUSTSTORE_TYPE_DOC = "Trust store type: PKCS12, JKS, or PEM (certificates in the file"
            + " http.tls.truststore.location or inline in http.tls.truststore.certificates).";
    private static final String TRUSTSTORE_TYPE_DISPLAY = "Trust store type";

    static final String TRUSTSTORE_LOCATION_CONFIG = "http.tls.truststore.location";
    private static final String TRUSTSTORE_LOCATION_DOC = "File of the trust store: the certificates of the"
            + " authorities whose client certificates the listener accepts (http.tls.client.auth). Only these: the"
            + " JVM's default authorities are never used for clients.";
    private static final String TRUSTSTORE_LOCATION_DISPLAY = "Trust store location";

    static final String TRUSTSTORE_PASSWORD_CONFIG = "http.tls.truststore.password";
    private static final String TRUSTSTORE_PASSWORD_DOC = "Password of a PKCS12 or JKS trust store.";
    private static final String TRUSTSTORE_PASSWORD_DISPLAY = "Trust store password";

    static final String TRUSTSTORE_CERTIFICATES_CONFIG = "http.tls.truststore.certificates";
    private static final String TRUSTSTORE_CERTIFICATES_DOC = "The trusted certificates inline, as PEM, with"
            + " http.tls.truststore.type=PEM.";
    private static final String TRUSTSTORE_CERTIFICATES_DISPLAY = "Trusted certificates (PEM)";

    static final String ENABLED_PROTOCOLS_CONFIG = "http.tls.enabled.protocols";
    private static final String ENABLED_PROTOCOLS_DOC = "TLS versions the listener speaks. A version this JVM does not"
            + " know, or disables (jdk.tls.disabledAlgorithms: TLSv1.1 and older), is refused at validation.";
    private static final List<String> ENABLED_PROTOCOLS_DEFAULT = List.of("TLSv1.3", "TLSv1.2");
    private static final String ENABLED_PROTOCOLS_DISPLAY = "Protocols";

    static final String CIPHER_SUITES_CONFIG = "http.tls.cipher.suites";
    private static final String CIPHER_SUITES_DOC = "Cipher suites the listener offers, by their Java names; empty for"
            + " the JVM's defaults.";
    private static final String CIPHER_SUITES_DISPLAY = "Cipher suites";

    static final String CLIENT_AUTH_CONFIG = "http.tls.client.auth";
    private static final String CLIENT_AUTH_DOC = "Client certificates, as Kafka's ssl.client.auth: none; requested"
            + " (a client may present one, verified against the trust store, and is then a principal such as"
            + " cert:alice; without one it authenticates otherwise); required (a client without a certificate the"
            + " trust store vouches for cannot connect at all). requested and required need a trust store.";
    private static final String CLIENT_AUTH_DISPLAY = "Client certificates";

    static final String PRINCIPAL_MAPPING_RULES_CONFIG = "http.tls.principal.mapping.rules";
    private static final String PRINCIPAL_MAPPING_RULES_DOC = "How a client certificate's subject names its principal"
            + " (cert: and the name, e.g. cert:alice) for grants; a request with credentials of its own is their"
            + " principal. Rules in order, the first that applies wins: CN, the subject's common name;"
            + " RULE:pattern/replacement/ as in Kafka's ssl.principal.mapping.rules, the pattern matching the whole"
            + " RFC 2253 subject (CN=alice,OU=eng,O=Acme), with L or U after the last / to lower- or upper-case the"
            + " name. A name holds no ',' or '='. A certificate no rule names gets 401.";
    private static final String PRINCIPAL_MAPPING_RULES_DISPLAY = "Certificate principal rules";

    private static final ConfigDef.Validator STORE_TYPES = ConfigDef.CaseInsensitiveValidString.in("PKCS12", "JKS",
            "PEM");

    /** Rules that do not parse are reported on their key, like any single value. */
    private static final ConfigDef.Validator MAPPING_RULES = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                CertificateNameRules.parse((String) value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "CN and RULE:pattern/replacement/[L|U] entries";
        }
    };

    private TlsOptions() {
    }

    static void define(ConfigDef def) {
        int order = 0;
        def.define(ENABLED_CONFIG, Type.BOOLEAN, false, Importance.HIGH, ENABLED_DOC, TLS_GROUP, ++order,
                        Width.SHORT, ENABLED_DISPLAY)
                .define(KEYSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", STORE_TYPES, Importance.MEDIUM,
                        KEYSTORE_TYPE_DOC, TLS_GROUP, ++order, Width.SHORT, KEYSTORE_TYPE_DISPLAY)
                .define(KEYSTORE_LOCATION_CONFIG, Type.STRING, "", Importance.HIGH, KEYSTORE_LOCATION_DOC, TLS_GROUP,
                        ++order, Width.LONG, KEYSTORE_LOCATION_DISPLAY)
                .define(KEYSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.HIGH, KEYSTORE_PASSWORD_DOC,
                        TLS_GROUP, ++order, Width.MEDIUM, KEYSTORE_PASSWORD_DISPLAY)
                .define(KEY_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM, KEY_PASSWORD_DOC, TLS_GROUP,
                        ++order, Width.MEDIUM, KEY_PASSWORD_DISPLAY)
                .define(KEYSTORE_CHAIN_CONFIG, Type.PASSWORD, null, Importance.MEDIUM, KEYSTORE_CHAIN_DOC, TLS_GROUP,
                        ++order, Width.LONG, KEYSTORE_CHAIN_DISPLAY)
                .define(KEYSTORE_KEY_CONFIG, Type.PASSWORD, null, Importance.MEDIUM, KEYSTORE_KEY_DOC, TLS_GROUP,
                        ++order, Width.LONG, KEYSTORE_KEY_DISPLAY)
                .define(KEYSTORE_PATH_CONFIG, Type.STRING, "", Importance.LOW, KEYSTORE_PATH_DOC, TLS_GROUP,
                        ++order, Width.LONG, KEYSTORE_PATH_DISPLAY)
                .define(ENABLED_PROTOCOLS_CONFIG, Type.LIST, ENABLED_PROTOCOLS_DEFAULT, JvmTlsSupport.PROTOCOLS,
                        Importance.MEDIUM, ENABLED_PROTOCOLS_DOC, TLS_GROUP, ++order, Width.MEDIUM,
                        ENABLED_PROTOCOLS_DISPLAY)
                .define(CIPHER_SUITES_CONFIG, Type.LIST, "", JvmTlsSupport.CIPHER_SUITES, Importance.LOW,
                        CIPHER_SUITES_DOC, TLS_GROUP, ++order, Width.LONG, CIPHER_SUITES_DISPLAY)
                .define(CLIENT_AUTH_CONFIG, Type.STRING, "none",
                        ConfigDef.CaseInsensitiveValidString.in("none", "requested", "required"), Importance.MEDIUM,
                        CLIENT_AUTH_DOC, TLS_GROUP, ++order, Width.SHORT, CLIENT_AUTH_DISPLAY)
                .define(TRUSTSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", STORE_TYPES, Importance.MEDIUM,
                        TRUSTSTORE_TYPE_DOC, TLS_GROUP, ++order, Width.SHORT, TRUSTSTORE_TYPE_DISPLAY)
                .define(TRUSTSTORE_LOCATION_CONFIG, Type.STRING, "", Importance.MEDIUM, TRUSTSTORE_LOCATION_DOC,
                        TLS_GROUP, ++order, Width.LONG, TRUSTSTORE_LOCATION_DISPLAY)
                .define(TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM, TRUSTSTORE_PASSWORD_DOC,
                        TLS_GROUP, ++order, Width.MEDIUM, TRUSTSTORE_PASSWORD_DISPLAY)
                .define(TRUSTSTORE_CERTIFICATES_CONFIG, Type.PASSWORD, null, Importance.LOW,
                        TRUSTSTORE_CERTIFICATES_DOC, TLS_GROUP, ++order, Width.LONG, TRUSTSTORE_CERTIFICATES_DISPLAY)
                .define(PRINCIPAL_MAPPING_RULES_CONFIG, Type.STRING, CertificateNameRules.DEFAULT_RULES,
                        MAPPING_RULES, Importance.MEDIUM, PRINCIPAL_MAPPING_RULES_DOC, TLS_GROUP, ++order, Width.LONG,
                        PRINCIPAL_MAPPING_RULES_DISPLAY);
    }

    static boolean enabled(AbstractConfig config) {
        return config.getBoolean(ENABLED_CONFIG);
    }

    static ClientAuth clientAuth(AbstractConfig config) {
        return ClientAuth.valueOf(config.getString(CLIENT_AUTH_CONFIG).trim().toUpperCase(Locale.ROOT));
    }

    /** Whether requests may authenticate with a client certificate. */
    static boolean certificatesAccepted(AbstractConfig config) {
        return enabled(config) && clientAuth(config) != ClientAuth.NONE;
    }

    /** {@code NONE} unless the listener asks for client certificates. */
    static CertificatePrincipals certificatePrincipals(AbstractConfig config) {
        if (!certificatesAccepted(config)) {
            return CertificatePrincipals.NONE;
        }
        return CertificatePrincipals.namedBy(CertificateNameRules.parse(
                config.getString(PRINCIPAL_MAPPING_RULES_CONFIG)));
    }

    /**
     * @return null for plain HTTP
     * @throws TlsProblem naming the key at fault
     */
    static TlsSettings settings(AbstractConfig config) {
        return enabled(config) ? TlsContexts.settings(config) : null;
    }

    /** Builds the whole context, reading every store, as a task would: @return a problem, or null when none. */
    static String[] problem(AbstractConfig config) {
        if (!enabled(config)) {
            return clientAuth(config) == ClientAuth.NONE ? null : new String[]{CLIENT_AUTH_CONFIG,
                    "client certificates come with TLS: set " + ENABLED_CONFIG + "=true"};
        }
        try {
            TlsContexts.settings(config);
            return null;
        } catch (TlsProblem problem) {
            return problem.asProblem();
        }
    }
}
