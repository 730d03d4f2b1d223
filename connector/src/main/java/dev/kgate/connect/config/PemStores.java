package dev.kgate.connect.config;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM text as Kafka's {@code ssl.keystore.type=PEM} reads it: X.509 certificates, and one PKCS#8 private key,
 * encrypted ({@code ENCRYPTED PRIVATE KEY}, with the key password) or not. Line breaks inside a block are optional,
 * so a key fits a one-line config value. Messages name what is wrong, never the text.
 */
final class PemStores {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
    private static final String CERTIFICATE = "CERTIFICATE";
    private static final String PRIVATE_KEY = "PRIVATE KEY";
    private static final String ENCRYPTED_PRIVATE_KEY = "ENCRYPTED PRIVATE KEY";
    private static final String PBES2 = "PBES2";
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS", "DSA");
    /** How to prove a key and a certificate belong together, by key algorithm. */
    private static final Map<String, String> SIGNATURES = Map.of("RSA", "SHA256withRSA", "EC", "SHA256withECDSA",
            "EdDSA", "EdDSA", "DSA", "SHA256withDSA");

    private PemStores() {
    }

    /** An encrypted private key without its password, or with a wrong one. */
    static final class KeyPasswordException extends IllegalArgumentException {
        KeyPasswordException(String message) {
            super(message);
        }
    }

    /** @throws IllegalArgumentException when there is no certificate or one does not parse */
    static List<X509Certificate> certificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (byte[] der : blocks(pem, CERTIFICATE)) {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException("a CERTIFICATE block is not an X.509 certificate");
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("holds no -----BEGIN CERTIFICATE----- block");
        }
        return certificates;
    }

    /**
     * @param password for an {@code ENCRYPTED PRIVATE KEY}; null for none
     * @throws IllegalArgumentException when there is not exactly one PKCS#8 key, or it does not decrypt or parse
     */
    static PrivateKey privateKey(String pem, char[] password) {
        List<byte[]> plain = blocks(pem, PRIVATE_KEY);
        List<byte[]> encrypted = blocks(pem, ENCRYPTED_PRIVATE_KEY);
        if (plain.size() + encrypted.size() != 1) {
            String legacy = pem.contains("-----BEGIN RSA PRIVATE KEY-----")
                    || pem.contains("-----BEGIN EC PRIVATE KEY-----")
                    ? " (a PKCS#1 or SEC 1 key: convert it with openssl pkcs8 -topk8)" : "";
            throw new IllegalArgumentException("holds " + (plain.size() + encrypted.size()) + " PKCS#8 private keys"
                    + " (-----BEGIN PRIVATE KEY----- or -----BEGIN ENCRYPTED PRIVATE KEY-----), not one" + legacy);
        }
        PKCS8EncodedKeySpec spec = plain.isEmpty() ? decrypted(encrypted.get(0), password)
                : new PKCS8EncodedKeySpec(plain.get(0));
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // Not this algorithm: try the next.
            }
        }
        throw new IllegalArgumentException("the private key is none of " + KEY_ALGORITHMS);
    }

    private static PKCS8EncodedKeySpec decrypted(byte[] der, char[] password) {
        if (password == null) {
            throw new KeyPasswordException("the private key is encrypted, and no key password is given");
        }
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            // OpenSSL's default, PBES2, is named by its parameters on Java 17 (PBEWithHmacSHA256AndAES_256).
            String algorithm = PBES2.equals(info.getAlgName()) ? info.getAlgParameters().toString() : info.getAlgName();
            SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(password)), info.getAlgParameters());
            return info.getKeySpec(cipher);
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyPasswordException("cannot decrypt the private key: wrong key password, or an encryption"
                    + " this JVM does not support");
        }
    }

    /**
     * An in-memory key store holding the key and its chain.
     *
     * @throws IllegalArgumentException when the key does not belong to the chain's first certificate
     */
    static KeyStore keyStore(PrivateKey key, List<X509Certificate> chain, char[] entryPassword) {
        checkPair(key, chain.get(0));
        try {
            KeyStore store = emptyStore();
            store.setKeyEntry("kgate", key, entryPassword, chain.toArray(new Certificate[0]));
            return store;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot hold the key and its chain: " + e.getMessage());
        }
    }

    /** An in-memory trust store of these certificates. */
    static KeyStore trustStore(List<X509Certificate> certificates) {
        try {
            KeyStore store = emptyStore();
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("trusted-" + i, certificates.get(i));
            }
            return store;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot hold the certificates: " + e.getMessage());
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return store;
    }

    /** A key from one pair and a certificate from another only fail at the first handshake: say so now. */
    private static void checkPair(PrivateKey key, X509Certificate certificate) {
        String algorithm = SIGNATURES.get(key.getAlgorithm());
        if (algorithm == null) {
            return;
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // A key of another kind than the certificate's: the same answer.
        }
        throw new IllegalArgumentException("the private key does not belong to the first certificate of the chain"
                + " (" + certificate.getSubjectX500Principal().getName() + ")");
    }

    private static List<byte[]> blocks(String pem, String label) {
        List<byte[]> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(pem);
        while (matcher.find()) {
            if (matcher.group(1).equals(label)) {
                try {
                    blocks.add(Base64.getDecoder().decode(matcher.group(2).replaceAll("\\s", "")));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("a " + label + " block is not base64");
                }
            }
        }
        return blocks;
    }
}
