package dev.kgate.connect.config;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.types.Password;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

import static dev.kgate.connect.config.TlsOptions.KEYSTORE_CHAIN_CONFIG;
import static dev.kgate.connect.config.TlsOptions.KEYSTORE_KEY_CONFIG;
import static dev.kgate.connect.config.TlsOptions.KEYSTORE_LOCATION_CONFIG;
import static dev.kgate.connect.config.TlsOptions.KEYSTORE_PASSWORD_CONFIG;
import static dev.kgate.connect.config.TlsOptions.KEYSTORE_PATH_CONFIG;
import static dev.kgate.connect.config.TlsOptions.KEYSTORE_TYPE_CONFIG;
import static dev.kgate.connect.config.TlsOptions.KEY_PASSWORD_CONFIG;
import static dev.kgate.connect.config.TlsOptions.TRUSTSTORE_CERTIFICATES_CONFIG;
import static dev.kgate.connect.config.TlsOptions.TRUSTSTORE_LOCATION_CONFIG;
import static dev.kgate.connect.config.TlsOptions.TRUSTSTORE_PASSWORD_CONFIG;
import static dev.kgate.connect.config.TlsOptions.TRUSTSTORE_TYPE_CONFIG;

/**
 * Loads the configured key store and trust store, from PKCS12 or JKS files or PEM (a file or inline), and checks what
 * would otherwise fail only at the first handshake: a store that does not open, a wrong password, no private key, no
 * trusted certificate. Each problem names the key at fault, never a password.
 */
final class TlsStores {

    private static final String PEM = "PEM";

    /** A key store and the password of its key entries. */
    record KeyMaterial(KeyStore store, char[] keyPassword) {
    }

    private TlsStores() {
    }

    static KeyMaterial keyStore(AbstractConfig config) {
        String type = config.getString(KEYSTORE_TYPE_CONFIG).toUpperCase(Locale.ROOT);
        String locationKey = keyStoreLocationKey(config);
        return PEM.equals(type) ? pemKeyStore(config, locationKey) : fileKeyStore(config, type, locationKey);
    }

    /** @return null when no trust store is configured */
    static KeyStore trustStore(AbstractConfig config) {
        String type = config.getString(TRUSTSTORE_TYPE_CONFIG).toUpperCase(Locale.ROOT);
        String location = config.getString(TRUSTSTORE_LOCATION_CONFIG);
        Password inline = config.getPassword(TRUSTSTORE_CERTIFICATES_CONFIG);
        Password password = config.getPassword(TRUSTSTORE_PASSWORD_CONFIG);
        KeyStore store;
        String blame = inline != null ? TRUSTSTORE_CERTIFICATES_CONFIG : TRUSTSTORE_LOCATION_CONFIG;
        if (!PEM.equals(type)) {
            if (inline != null) {
                throw new TlsProblem(TRUSTSTORE_CERTIFICATES_CONFIG, "inline PEM certificates need "
                        + TRUSTSTORE_TYPE_CONFIG + "=PEM");
            }
            if (location.isEmpty()) {
                return null;
            }
            store = load(type, TRUSTSTORE_LOCATION_CONFIG, location, TRUSTSTORE_PASSWORD_CONFIG, chars(password));
        } else {
            if (password != null) {
                throw new TlsProblem(TRUSTSTORE_PASSWORD_CONFIG, "a PEM trust store has no password");
            }
            if (inline != null && !location.isEmpty()) {
                throw new TlsProblem(TRUSTSTORE_LOCATION_CONFIG, "give the PEM trust store as a file or inline ("
                        + TRUSTSTORE_CERTIFICATES_CONFIG + "), not both");
            }
            if (inline == null && location.isEmpty()) {
                return null;
            }
            PemText pem = inline != null ? PemText.inline(inline, TRUSTSTORE_CERTIFICATES_CONFIG)
                    : PemText.file(TRUSTSTORE_LOCATION_CONFIG, location);
            store = pem.read(text -> PemStores.trustStore(PemStores.certificates(text)));
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias)) {
                    return store;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new TlsProblem(blame, "cannot read the trust store: " + e.getMessage());
        }
        throw new TlsProblem(blame, "the trust store holds no trusted certificate"
                + (password == null && !PEM.equals(type) ? " it can read without " + TRUSTSTORE_PASSWORD_CONFIG : ""));
    }

    private static KeyMaterial fileKeyStore(AbstractConfig config, String type, String locationKey) {
        if (config.getPassword(KEYSTORE_CHAIN_CONFIG) != null || config.getPassword(KEYSTORE_KEY_CONFIG) != null) {
            throw new TlsProblem(config.getPassword(KEYSTORE_CHAIN_CONFIG) != null ? KEYSTORE_CHAIN_CONFIG
                    : KEYSTORE_KEY_CONFIG, "an inline PEM key store needs " + KEYSTORE_TYPE_CONFIG + "=PEM");
        }
        String location = config.getString(locationKey);
        if (location.isEmpty()) {
            throw new TlsProblem(KEYSTORE_LOCATION_CONFIG, "TLS is enabled but no key store is given");
        }
        char[] storePassword = chars(config.getPassword(KEYSTORE_PASSWORD_CONFIG));
        KeyStore store = load(type, locationKey, location, KEYSTORE_PASSWORD_CONFIG, storePassword);
        char[] keyPassword = chars(config.getPassword(KEY_PASSWORD_CONFIG));
        char[] entryPassword = keyPassword != null ? keyPassword : storePassword;
        checkKeys(store, locationKey, location, entryPassword);
        return new KeyMaterial(store, entryPassword);
    }

    /** As Kafka's PEM key store: a file holding key and chain, or both inline; no store password. */
    private static KeyMaterial pemKeyStore(AbstractConfig config, String locationKey) {
        if (config.getPassword(KEYSTORE_PASSWORD_CONFIG) != null) {
            throw new TlsProblem(KEYSTORE_PASSWORD_CONFIG, "a PEM key store has no password (as in Kafka): an"
                    + " encrypted private key takes " + KEY_PASSWORD_CONFIG);
        }
        String location = config.getString(locationKey);
        Password chain = config.getPassword(KEYSTORE_CHAIN_CONFIG);
        Password key = config.getPassword(KEYSTORE_KEY_CONFIG);
        PemText chainText;
        PemText keyText;
        if (chain == null && key == null) {
            if (location.isEmpty()) {
                throw new TlsProblem(KEYSTORE_LOCATION_CONFIG, "TLS is enabled but no key store is given: a PEM"
                        + " file, or " + KEYSTORE_CHAIN_CONFIG + " and " + KEYSTORE_KEY_CONFIG);
            }
            chainText = PemText.file(locationKey, location);
            keyText = chainText;
        } else {
            if (!location.isEmpty()) {
                throw new TlsProblem(locationKey, "give the PEM key store as a file or inline ("
                        + KEYSTORE_CHAIN_CONFIG + ", " + KEYSTORE_KEY_CONFIG + "), not both");
            }
            if (chain == null || key == null) {
                throw new TlsProblem(chain == null ? KEYSTORE_CHAIN_CONFIG : KEYSTORE_KEY_CONFIG, "an inline PEM key"
                        + " store needs both " + KEYSTORE_CHAIN_CONFIG + " and " + KEYSTORE_KEY_CONFIG);
            }
            chainText = PemText.inline(chain, KEYSTORE_CHAIN_CONFIG);
            keyText = PemText.inline(key, KEYSTORE_KEY_CONFIG);
        }
        char[] keyPassword = chars(config.getPassword(KEY_PASSWORD_CONFIG));
        List<X509Certificate> certificates = chainText.read(PemStores::certificates);
        PrivateKey privateKey = keyText.read(text -> PemStores.privateKey(text, keyPassword));
        // Only this process ever sees the in-memory store: a random password will do.
        char[] entryPassword = UUID.randomUUID().toString().toCharArray();
        return new KeyMaterial(keyText.read(text -> PemStores.keyStore(privateKey, certificates, entryPassword)),
                entryPassword);
    }

    /**
     * PEM text and where it came from: the key a problem with it is reported on, and what the message names (the
     * file, or the key of inline text, which is never quoted).
     */
    private record PemText(String text, String key, String source) {

        static PemText inline(Password value, String key) {
            return new PemText(value.value(), key, key);
        }

        static PemText file(String locationKey, String location) {
            return new PemText(readText(locationKey, location), locationKey, location);
        }

        <T> T read(Function<String, T> step) {
            try {
                return step.apply(text);
            } catch (PemStores.KeyPasswordException e) {
                throw new TlsProblem(KEY_PASSWORD_CONFIG, source + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new TlsProblem(key, source + ": " + e.getMessage());
            }
        }
    }

    /** The former name counts only where the current one is empty; both set differently is a mistake. */
    private static String keyStoreLocationKey(AbstractConfig config) {
        String location = config.getString(KEYSTORE_LOCATION_CONFIG);
        String path = config.getString(KEYSTORE_PATH_CONFIG);
        if (!location.isEmpty() && !path.isEmpty() && !location.equals(path)) {
            throw new TlsProblem(KEYSTORE_PATH_CONFIG, "is the former name of " + KEYSTORE_LOCATION_CONFIG
                    + ", which names another file: set only " + KEYSTORE_LOCATION_CONFIG);
        }
        return location.isEmpty() && !path.isEmpty() ? KEYSTORE_PATH_CONFIG : KEYSTORE_LOCATION_CONFIG;
    }

    private static KeyStore load(String type, String locationKey, String location, String passwordKey,
                                 char[] password) {
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password);
            return store;
        } catch (NoSuchFileException e) {
            throw new TlsProblem(locationKey, "no such file: " + location);
        } catch (AccessDeniedException e) {
            throw new TlsProblem(locationKey, "cannot read " + location + ": access denied");
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new TlsProblem(passwordKey, "wrong password for " + location);
            }
            throw new TlsProblem(locationKey, "cannot read " + location + " as a " + type + " store: "
                    + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new TlsProblem(locationKey, "cannot read " + location + " as a " + type + " store: "
                    + e.getMessage());
        }
    }

    /** At least one private key, and each opens with the key password. */
    private static void checkKeys(KeyStore store, String locationKey, String location, char[] keyPassword) {
        boolean found = false;
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    store.getKey(alias, keyPassword);
                    found = true;
                }
            }
        } catch (UnrecoverableKeyException e) {
            throw new TlsProblem(KEY_PASSWORD_CONFIG, "cannot open the private key in " + location + ": wrong key"
                    + " password (" + KEY_PASSWORD_CONFIG + ", or the store's when that is not set)");
        } catch (GeneralSecurityException e) {
            throw new TlsProblem(locationKey, "cannot read the keys in " + location + ": " + e.getMessage());
        }
        if (!found) {
            throw new TlsProblem(locationKey, location + " holds no private key (is it a trust store?)");
        }
    }

    private static String readText(String locationKey, String location) {
        try {
            // Latin-1 reads any bytes: a file that is not PEM is reported as holding no PEM block.
            return Files.readString(Path.of(location), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new TlsProblem(locationKey, "no such file: " + location);
        } catch (IOException e) {
            throw new TlsProblem(locationKey, "cannot read " + location + ": " + e.getClass().getSimpleName());
        }
    }

    private static char[] chars(Password password) {
        return password == null ? null : password.value().toCharArray();
    }
}
