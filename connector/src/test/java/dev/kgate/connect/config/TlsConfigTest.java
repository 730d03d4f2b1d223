package dev.kgate.connect.config;

import dev.kgate.connect.HttpGatewaySourceConnector;
import dev.kgate.connect.testing.TestKeyMaterial;
import dev.kgate.http.access.ApiKeys;
import dev.kgate.http.access.CertificatePrincipals;
import dev.kgate.http.listener.TlsSettings;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.kgate.connect.config.HttpGatewayConfigTest.errorsOf;
import static dev.kgate.connect.config.HttpGatewayConfigTest.minimal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The http.tls.* keys: each form of key and trust store builds a context, and each mistake is reported at
 * config/validate on the key at fault, without a password or a key in the message.
 */
class TlsConfigTest {

    private static final TestKeyMaterial KEYS = TestKeyMaterial.shared();
    private static final String PASSWORD = TestKeyMaterial.PASSWORD;

    /** TLS on, with the server's PKCS12 key store. */
    private static Map<String, String> pkcs12() {
        Map<String, String> props = minimal();
        props.put("http.tls.enabled", "true");
        props.put("http.tls.keystore.location", KEYS.path("server.p12").toString());
        props.put("http.tls.keystore.password", PASSWORD);
        return props;
    }

    /** TLS on, with the server's key and chain in one PEM file. */
    private static Map<String, String> pemFile() {
        Map<String, String> props = minimal();
        props.put("http.tls.enabled", "true");
        props.put("http.tls.keystore.type", "PEM");
        props.put("http.tls.keystore.location", KEYS.path("server.pem").toString());
        return props;
    }

    /** TLS on, with the server's key and chain inline. */
    private static Map<String, String> pemInline(String key) {
        Map<String, String> props = minimal();
        props.put("http.tls.enabled", "true");
        props.put("http.tls.keystore.type", "PEM");
        props.put("http.tls.keystore.certificate.chain", KEYS.text("server.chain.pem"));
        props.put("http.tls.keystore.key", KEYS.text(key));
        return props;
    }

    /** Every error of a validation, checked to hold neither the password nor a line of a private key. */
    private static List<String> allErrors(Map<String, String> props) {
        List<String> errors = new ArrayList<>();
        for (ConfigValue value : new HttpGatewaySourceConnector().validate(props).configValues()) {
            errors.addAll(value.errorMessages());
        }
        for (String error : errors) {
            assertFalse(error.contains(PASSWORD), error);
            for (String key : List.of("server.key.pem", "server.enc-key.pem", "alice.key.pem")) {
                assertFalse(error.contains(KEYS.text(key).lines().toList().get(1)), error);
            }
        }
        return errors;
    }

    private static void assertOnlyError(Map<String, String> props, String key, String expected) {
        List<String> errors = allErrors(props);
        assertEquals(1, errors.size(), errors.toString());
        List<String> onKey = errorsOf(props, key);
        assertEquals(1, onKey.size(), "expected the error on " + key + ", got " + errors);
        assertTrue(onKey.get(0).contains(expected), onKey.get(0));
    }

    @Test
    void everyFormOfKeyStoreBuildsAContextWithKafkasDefaults() {
        Map<String, String> jks = pkcs12();
        jks.put("http.tls.keystore.type", "JKS");
        jks.put("http.tls.keystore.location", KEYS.path("server.jks").toString());
        Map<String, String> formerName = pkcs12();
        formerName.put("http.tls.keystore.path", formerName.remove("http.tls.keystore.location"));
        Map<String, String> encrypted = pemInline("server.enc-key.pem");
        encrypted.put("http.tls.key.password", PASSWORD);
        Map<String, String> oneLine = pemInline("server.key.pem");
        oneLine.replaceAll((key, value) -> key.startsWith("http.tls.keystore.") ? value.replace('\n', ' ') : value);
        for (Map<String, String> props : List.of(pkcs12(), jks, formerName, pemFile(), pemInline("server.key.pem"),
                encrypted, oneLine)) {
            assertEquals(List.of(), allErrors(props), props.toString());
            TlsSettings tls = new HttpGatewayConfig(props).listenerSettings().tls();
            assertEquals(List.of("TLSv1.3", "TLSv1.2"), tls.protocols());
            assertEquals(List.of(), tls.cipherSuites());
            assertEquals(TlsSettings.ClientAuth.NONE, tls.clientAuth());
        }
    }

    @Test
    void tlsOffBuildsNoContext() {
        assertNull(new HttpGatewayConfig(minimal()).listenerSettings().tls());
    }

    @Test
    void keyStoreMistakesAreReportedOnTheKeyAtFault() {
        Map<String, String> none = minimal();
        none.put("http.tls.enabled", "true");
        assertOnlyError(none, "http.tls.keystore.location", "no key store");

        Map<String, String> missing = pkcs12();
        missing.put("http.tls.keystore.location", "/nonexistent/keystore.p12");
        assertOnlyError(missing, "http.tls.keystore.location", "/nonexistent/keystore.p12");
        ConfigException atStart = assertThrows(ConfigException.class,
                () -> new HttpGatewayConfig(missing).listenerSettings());
        assertTrue(atStart.getMessage().contains("/nonexistent/keystore.p12"), atStart.getMessage());

        Map<String, String> wrongStorePassword = pkcs12();
        wrongStorePassword.put("http.tls.keystore.password", "not-" + PASSWORD);
        assertOnlyError(wrongStorePassword, "http.tls.keystore.password", "wrong password");

        Map<String, String> wrongKeyPassword = pkcs12();
        wrongKeyPassword.put("http.tls.key.password", "not-" + PASSWORD);
        assertOnlyError(wrongKeyPassword, "http.tls.key.password", "wrong key password");

        Map<String, String> trustStoreAsKeyStore = pkcs12();
        trustStoreAsKeyStore.put("http.tls.keystore.location", KEYS.path("trust.p12").toString());
        assertOnlyError(trustStoreAsKeyStore, "http.tls.keystore.location", "holds no private key");

        Map<String, String> wrongType = pkcs12();
        wrongType.put("http.tls.keystore.location", KEYS.path("server.pem").toString());
        assertOnlyError(wrongType, "http.tls.keystore.location", "as a PKCS12 store");

        Map<String, String> bothNames = pkcs12();
        bothNames.put("http.tls.keystore.path", KEYS.path("server.jks").toString());
        assertOnlyError(bothNames, "http.tls.keystore.path", "former name");
    }

    @Test
    void pemMistakesAreReportedOnTheKeyAtFault() {
        Map<String, String> withStorePassword = pemFile();
        withStorePassword.put("http.tls.keystore.password", PASSWORD);
        assertOnlyError(withStorePassword, "http.tls.keystore.password", "no password");

        Map<String, String> encryptedWithoutPassword = pemInline("server.enc-key.pem");
        assertOnlyError(encryptedWithoutPassword, "http.tls.key.password", "encrypted");

        Map<String, String> wrongKeyPassword = pemInline("server.enc-key.pem");
        wrongKeyPassword.put("http.tls.key.password", "not-" + PASSWORD);
        assertOnlyError(wrongKeyPassword, "http.tls.key.password", "cannot decrypt");

        assertOnlyError(pemInline("alice.key.pem"), "http.tls.keystore.key", "does not belong");

        Map<String, String> noKey = pemFile();
        noKey.put("http.tls.keystore.location", KEYS.path("server.chain.pem").toString());
        assertOnlyError(noKey, "http.tls.keystore.location", "0 PKCS#8 private keys");

        Map<String, String> noCertificate = pemFile();
        noCertificate.put("http.tls.keystore.location", KEYS.path("server.key.pem").toString());
        assertOnlyError(noCertificate, "http.tls.keystore.location", "no -----BEGIN CERTIFICATE----- block");

        Map<String, String> halfInline = pemInline("server.key.pem");
        halfInline.remove("http.tls.keystore.certificate.chain");
        assertOnlyError(halfInline, "http.tls.keystore.certificate.chain", "needs both");

        Map<String, String> inlineWithoutPemType = pemInline("server.key.pem");
        inlineWithoutPemType.remove("http.tls.keystore.type");
        assertOnlyError(inlineWithoutPemType, "http.tls.keystore.certificate.chain", "type=PEM");

        Map<String, String> fileAndInline = pemInline("server.key.pem");
        fileAndInline.put("http.tls.keystore.location", KEYS.path("server.pem").toString());
        assertOnlyError(fileAndInline, "http.tls.keystore.location", "not both");
    }

    @Test
    void protocolsAndCipherSuitesMustBeOnesThisJvmSpeaks() {
        Map<String, String> old = pkcs12();
        old.put("http.tls.enabled.protocols", "TLSv1.3,TLSv1.1");
        assertOnlyError(old, "http.tls.enabled.protocols", "disables it");

        Map<String, String> unknown = pkcs12();
        unknown.put("http.tls.enabled.protocols", "TLSv9");
        assertOnlyError(unknown, "http.tls.enabled.protocols", "knows no such TLS version");

        Map<String, String> none = pkcs12();
        none.put("http.tls.enabled.protocols", "");
        assertOnlyError(none, "http.tls.enabled.protocols", "at least one");

        Map<String, String> cipher = pkcs12();
        cipher.put("http.tls.cipher.suites", "TLS_AES_128_GCM_SHA256,TLS_RSA_WITH_RC4_128_MD5");
        assertOnlyError(cipher, "http.tls.cipher.suites", "cipher suite");

        Map<String, String> chosen = pkcs12();
        chosen.put("http.tls.enabled.protocols", "TLSv1.3");
        chosen.put("http.tls.cipher.suites", "TLS_AES_256_GCM_SHA384");
        assertEquals(List.of(), allErrors(chosen));
        TlsSettings tls = new HttpGatewayConfig(chosen).listenerSettings().tls();
        assertEquals(List.of("TLSv1.3"), tls.protocols());
        assertEquals(List.of("TLS_AES_256_GCM_SHA384"), tls.cipherSuites());
    }

    @Test
    void clientCertificatesNeedTlsAndATrustStore() {
        Map<String, String> noTrust = pkcs12();
        noTrust.put("http.tls.client.auth", "required");
        assertOnlyError(noTrust, "http.tls.client.auth", "trust store");

        Map<String, String> tlsOff = minimal();
        tlsOff.put("http.tls.client.auth", "requested");
        assertOnlyError(tlsOff, "http.tls.client.auth", "http.tls.enabled=true");

        Map<String, String> pkcs12Trust = pkcs12();
        pkcs12Trust.put("http.tls.client.auth", "REQUIRED");
        pkcs12Trust.put("http.tls.truststore.location", KEYS.path("trust.p12").toString());
        pkcs12Trust.put("http.tls.truststore.password", PASSWORD);
        assertEquals(List.of(), allErrors(pkcs12Trust));
        assertEquals(TlsSettings.ClientAuth.REQUIRED,
                new HttpGatewayConfig(pkcs12Trust).listenerSettings().tls().clientAuth());

        Map<String, String> pemTrust = pemFile();
        pemTrust.put("http.tls.client.auth", "requested");
        pemTrust.put("http.tls.truststore.type", "PEM");
        pemTrust.put("http.tls.truststore.location", KEYS.path("ca.pem").toString());
        assertEquals(List.of(), allErrors(pemTrust));
        pemTrust.remove("http.tls.truststore.location");
        pemTrust.put("http.tls.truststore.certificates", KEYS.text("ca.pem"));
        assertEquals(List.of(), allErrors(pemTrust));

        Map<String, String> wrongTrustPassword = new java.util.HashMap<>(pkcs12Trust);
        wrongTrustPassword.put("http.tls.truststore.password", "not-" + PASSWORD);
        assertOnlyError(wrongTrustPassword, "http.tls.truststore.password", "wrong password");

        Map<String, String> keyStoreAsTrustStore = pemFile();
        keyStoreAsTrustStore.put("http.tls.client.auth", "requested");
        keyStoreAsTrustStore.put("http.tls.truststore.type", "PEM");
        keyStoreAsTrustStore.put("http.tls.truststore.location", KEYS.path("server.key.pem").toString());
        assertOnlyError(keyStoreAsTrustStore, "http.tls.truststore.location", "no -----BEGIN CERTIFICATE-----");
    }

    @Test
    void mappingRulesAreCheckedWhenConfigured() {
        Map<String, String> props = pkcs12();
        props.put("http.tls.principal.mapping.rules", "DEFAULT");
        assertEquals(1, errorsOf(props, "http.tls.principal.mapping.rules").size());
        props.put("http.tls.principal.mapping.rules", "RULE:^CN=(.*?),OU=(.*)$/$3/");
        assertEquals(1, errorsOf(props, "http.tls.principal.mapping.rules").size());
        props.put("http.tls.principal.mapping.rules", "RULE:^CN=(.*?),OU=clients.*$/$1/L,CN");
        assertEquals(List.of(), allErrors(props));
    }

    /** Users and keys, trusted issuers, and grants naming certificates they cannot know in advance. */
    private static Map<String, String> mutualTls() {
        Map<String, String> props = pemFile();
        props.put("http.tls.client.auth", "required");
        props.put("http.tls.truststore.type", "PEM");
        props.put("http.tls.truststore.location", KEYS.path("ca.pem").toString());
        props.put("access.grants", "root=write:orders,cert:alice=write:orders,cert:billing-service=write:orders");
        return props;
    }

    @Test
    void grantsMayNameCertificatePrincipalsWhereClientCertificatesAreAskedFor() {
        assertEquals(List.of(), allErrors(mutualTls()));

        Map<String, String> certificatesOnly = mutualTls();
        certificatesOnly.put("auth.enabled", "false");
        certificatesOnly.put("access.grants", "cert:alice=write:orders");
        assertEquals(List.of(), allErrors(certificatesOnly));

        Map<String, String> noClientAuth = mutualTls();
        noClientAuth.remove("http.tls.client.auth");
        assertOnlyError(noClientAuth, "access.grants", "http.tls.client.auth is none");

        Map<String, String> emptyName = mutualTls();
        emptyName.put("access.grants", "cert:=write:orders");
        assertOnlyError(emptyName, "access.grants", "no certificate can have");

        Map<String, String> keyLikeACertificate = mutualTls();
        keyLikeACertificate.put("auth.api.keys", ApiKeys.generate("cert:alice")[1]);
        assertOnlyError(keyLikeACertificate, "auth.api.keys", "kept for client certificates");
    }

    @Test
    void certificatePrincipalsComeOnlyWithClientAuth() {
        assertTrue(new HttpGatewayConfig(mutualTls()).accessSettings().certificates().toString().contains("[CN]"));
        Map<String, String> off = mutualTls();
        off.put("http.tls.client.auth", "none");
        assertEquals(CertificatePrincipals.NONE, new HttpGatewayConfig(off).accessSettings().certificates());
    }
}
