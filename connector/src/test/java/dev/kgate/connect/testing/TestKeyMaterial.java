package dev.kgate.connect.testing;

import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Key material for TLS tests, made once per JVM with the JDK alone (keytool, and java.security for the PEM forms):
 * a test authority, a server certificate for localhost signed by it, client certificates signed by it, and a
 * self-signed stranger. Every store and encrypted key uses {@link #PASSWORD}, which tests look for in messages.
 */
public final class TestKeyMaterial {

    /** Distinctive, so that a test can tell it never appears in a message. */
    public static final String PASSWORD = "Pw-7e1c9b-never-shown";
    private static final String CA = "ca";
    private static TestKeyMaterial shared;

    private final Path dir;

    private TestKeyMaterial(Path dir) {
        this.dir = dir;
    }

    /** Made on first use, in a temporary directory removed when the JVM exits. */
    public static synchronized TestKeyMaterial shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("kgate-tls-");
                dir.toFile().deleteOnExit();
                TestKeyMaterial material = new TestKeyMaterial(dir);
                material.make();
                shared = material;
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot make test key material", e);
            }
        }
        return shared;
    }

    private void make() throws IOException, GeneralSecurityException {
        keytool("-genkeypair", "-alias", CA, "-dname", "CN=kgate test authority", "-ext", "bc:c",
                "-keystore", file(CA + ".p12"));
        keytool("-exportcert", "-alias", CA, "-rfc", "-keystore", file(CA + ".p12"), "-file", file(CA + ".pem"));
        // Each keytool run is a JVM of its own: the four holders are made side by side.
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            CompletableFuture.allOf(
                    inBackground(threads, () -> signed("server", "CN=localhost,OU=gateway",
                            "SAN=dns:localhost,ip:127.0.0.1")),
                    inBackground(threads, () -> signed("alice", "CN=alice,OU=clients,O=Example", null)),
                    inBackground(threads, () -> signed("bob", "CN=bob,OU=clients,O=Example", null)),
                    inBackground(threads, () -> keytool("-genkeypair", "-alias", "stranger", "-dname", "CN=alice",
                            "-keystore", file("stranger.p12")))).join();
        } catch (CompletionException e) {
            throw new IOException("cannot make the key material", e.getCause());
        } finally {
            threads.shutdown();
        }
        writePemForms("server");
        writePemForms("alice");
        copy("server.p12", "JKS", "server.jks");
        KeyStore trust = emptyStore("PKCS12");
        trust.setCertificateEntry(CA, certificates(Files.readString(dir.resolve(CA + ".pem"))).get(0));
        save(trust, "trust.p12");
    }

    private interface Step {
        void run() throws IOException, GeneralSecurityException;
    }

    private static CompletableFuture<Void> inBackground(ExecutorService threads, Step step) {
        return CompletableFuture.runAsync(() -> {
            try {
                step.run();
            } catch (IOException | GeneralSecurityException e) {
                throw new CompletionException(e);
            }
        }, threads);
    }

    /** A key pair whose certificate the test authority signs, in a PKCS12 store with the authority in its chain. */
    private void signed(String alias, String subject, String extension) throws IOException, GeneralSecurityException {
        String store = file(alias + ".p12");
        keytool("-genkeypair", "-alias", alias, "-dname", subject, "-keystore", store);
        keytool("-certreq", "-alias", alias, "-keystore", store, "-file", file(alias + ".csr"));
        List<String> sign = new ArrayList<>(List.of("-gencert", "-alias", CA, "-keystore", file(CA + ".p12"),
                "-infile", file(alias + ".csr"), "-outfile", file(alias + ".crt"), "-rfc"));
        if (extension != null) {
            sign.addAll(List.of("-ext", extension));
        }
        keytool(sign.toArray(new String[0]));
        KeyStore keys = load(alias + ".p12", "PKCS12");
        PrivateKey key = (PrivateKey) keys.getKey(alias, PASSWORD.toCharArray());
        List<X509Certificate> chain = new ArrayList<>(certificates(Files.readString(dir.resolve(alias + ".crt"))));
        chain.addAll(certificates(Files.readString(dir.resolve(CA + ".pem"))));
        KeyStore rebuilt = emptyStore("PKCS12");
        rebuilt.setKeyEntry(alias, key, PASSWORD.toCharArray(), chain.toArray(new Certificate[0]));
        save(rebuilt, alias + ".p12");
    }

    /** {@code <alias>.chain.pem}, {@code .key.pem}, {@code .enc-key.pem}, and key and chain in {@code <alias>.pem}. */
    private void writePemForms(String alias) throws IOException, GeneralSecurityException {
        KeyStore keys = load(alias + ".p12", "PKCS12");
        StringBuilder chain = new StringBuilder();
        for (Certificate certificate : keys.getCertificateChain(alias)) {
            chain.append(pem("CERTIFICATE", certificate.getEncoded()));
        }
        PrivateKey key = (PrivateKey) keys.getKey(alias, PASSWORD.toCharArray());
        String plainKey = pem("PRIVATE KEY", key.getEncoded());
        Files.writeString(dir.resolve(alias + ".chain.pem"), chain);
        Files.writeString(dir.resolve(alias + ".key.pem"), plainKey);
        Files.writeString(dir.resolve(alias + ".enc-key.pem"), pem("ENCRYPTED PRIVATE KEY", encrypted(key)));
        Files.writeString(dir.resolve(alias + ".pem"), plainKey + chain);
    }

    /** PKCS#8 encrypted with PBES2 (PBKDF2-HMAC-SHA256, AES-256), as {@code openssl pkcs8 -topk8} does by default. */
    private static byte[] encrypted(PrivateKey key) throws GeneralSecurityException, IOException {
        String algorithm = "PBEWithHmacSHA256AndAES_256";
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(salt);
        new SecureRandom().nextBytes(iv);
        Cipher cipher = Cipher.getInstance(algorithm);
        cipher.init(Cipher.ENCRYPT_MODE,
                SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(PASSWORD.toCharArray())),
                new PBEParameterSpec(salt, 10_000, new IvParameterSpec(iv)));
        byte[] ciphertext = cipher.doFinal(key.getEncoded());
        // Java 17 cannot encode a PBES2 EncryptedPrivateKeyInfo itself: the DER by hand, as OpenSSL writes it.
        byte[] pbes2 = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x05, 0x0d};
        byte[] algorithmId = der(0x30, pbes2, cipher.getParameters().getEncoded());
        return der(0x30, algorithmId, der(0x04, ciphertext));
    }

    private static byte[] der(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.size();
        if (length < 0x80) {
            out.write(length);
        } else {
            byte[] bytes = BigInteger.valueOf(length).toByteArray();
            int skip = bytes[0] == 0 ? 1 : 0;
            out.write(0x80 | (bytes.length - skip));
            out.write(bytes, skip, bytes.length - skip);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    public Path path(String name) {
        return dir.resolve(name);
    }

    public String text(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Trusts the test authority; presents {@code <client>.p12}'s key, or nothing when {@code client} is null. */
    public SSLContext clientContext(String client) {
        try {
            KeyManagerFactory keys = null;
            if (client != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(client + ".p12", "PKCS12"), PASSWORD.toCharArray());
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load("trust.p12", "PKCS12"));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void copy(String from, String type, String to) throws IOException, GeneralSecurityException {
        KeyStore source = load(from, "PKCS12");
        KeyStore target = emptyStore(type);
        for (String alias : Collections.list(source.aliases())) {
            target.setEntry(alias, source.getEntry(alias, new KeyStore.PasswordProtection(PASSWORD.toCharArray())),
                    new KeyStore.PasswordProtection(PASSWORD.toCharArray()));
        }
        save(target, to);
    }

    private KeyStore load(String name, String type) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(dir.resolve(name))) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static KeyStore emptyStore(String type) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        store.load(null, null);
        return store;
    }

    private void save(KeyStore store, String name) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(dir.resolve(name))) {
            store.store(out, PASSWORD.toCharArray());
        }
    }

    private static List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    /** EC keys (fast to make), valid for two days, every store under {@link #PASSWORD}. */
    private void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                // A short-lived JVM: start it quickly.
                "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
        command.addAll(List.of(args));
        if (args[0].equals("-genkeypair")) {
            command.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2"));
        }
        if (args[0].equals("-gencert")) {
            command.addAll(List.of("-validity", "2"));
        }
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
