package dev.kgate.http.auth;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A user's secret as configured: either the plain secret, or a PBKDF2 hash written as
 * {@code pbkdf2-sha256$<iterations>$<base64 salt>$<base64 hash>}. Both compare in constant time.
 */
public final class Credential {

    static final String PBKDF2_PREFIX = "pbkdf2-sha256$";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    public static final int DEFAULT_ITERATIONS = 210_000;

    private final byte[] plain;
    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private Credential(byte[] plain, int iterations, byte[] salt, byte[] hash) {
        this.plain = plain;
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** @throws IllegalArgumentException when a hashed form is malformed (the message never contains the secret) */
    public static Credential parse(String configured) {
        if (!configured.startsWith(PBKDF2_PREFIX)) {
            return new Credential(configured.getBytes(StandardCharsets.UTF_8), 0, null, null);
        }
        String[] parts = configured.substring(PBKDF2_PREFIX.length()).split("\\$");
        try {
            if (parts.length != 3) {
                throw new IllegalArgumentException("expected pbkdf2-sha256$<iterations>$<salt>$<hash>");
            }
            int iterations = Integer.parseInt(parts[0]);
            if (iterations < 1) {
                throw new IllegalArgumentException("the iteration count must be positive");
            }
            return new Credential(null, iterations, Base64.getDecoder().decode(parts[1]),
                    Base64.getDecoder().decode(parts[2]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed PBKDF2 credential: " + e.getMessage(), e);
        }
    }

    /** Hashes a secret for the configuration, with a fresh random salt. */
    public static String hash(char[] secret, int iterations) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] hash = pbkdf2(secret, salt, iterations, 32);
        return PBKDF2_PREFIX + iterations + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(hash);
    }

    public boolean matches(String candidate) {
        if (plain != null) {
            return MessageDigest.isEqual(plain, candidate.getBytes(StandardCharsets.UTF_8));
        }
        return MessageDigest.isEqual(hash, pbkdf2(candidate.toCharArray(), salt, iterations, hash.length));
    }

    private static byte[] pbkdf2(char[] secret, byte[] salt, int iterations, int length) {
        try {
            PBEKeySpec spec = new PBEKeySpec(secret, salt, iterations, length * 8);
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 is not available in this JVM", e);
        }
    }

    /** Prints a hash for {@code auth.users}: {@code java -cp ... dev.kgate.http.auth.Credential <secret>}. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: Credential <secret>");
            System.exit(2);
        }
        System.out.println(hash(args[0].toCharArray(), DEFAULT_ITERATIONS));
    }
}
