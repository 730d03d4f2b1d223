package dev.kgate.http.auth;

import dev.kgate.http.util.Sha256;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A user's secret as configured: either the plain secret, or a PBKDF2 hash written as
 * {@code pbkdf2-sha256$<iterations>$<base64 salt>$<base64 hash>}. Both compare in constant time; a plain secret is
 * kept as its SHA-256 digest, so that comparing it takes the same time whatever its length.
 */
public final class Credential {

    static final String PBKDF2_PREFIX = "pbkdf2-sha256$";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    /** PBKDF2-HMAC-SHA256 makes 32 bytes per run of its iterations. */
    private static final int BLOCK_BYTES = 32;
    private static final byte[] SPEND_SALT = new byte[16];
    public static final int DEFAULT_ITERATIONS = 210_000;

    private final byte[] plainDigest;
    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private Credential(byte[] plainDigest, int iterations, byte[] salt, byte[] hash) {
        this.plainDigest = plainDigest;
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** @throws IllegalArgumentException when a hashed form is malformed (the message never contains the secret) */
    public static Credential parse(String configured) {
        if (!configured.startsWith(PBKDF2_PREFIX)) {
            return new Credential(Sha256.of(configured), 0, null, null);
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
            byte[] salt = Base64.getDecoder().decode(parts[1]);
            byte[] hash = Base64.getDecoder().decode(parts[2]);
            if (salt.length == 0 || hash.length == 0) {
                throw new IllegalArgumentException("the salt and the hash must not be empty");
            }
            return new Credential(null, iterations, salt, hash);
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
        if (plainDigest != null) {
            return MessageDigest.isEqual(plainDigest, Sha256.of(candidate));
        }
        return MessageDigest.isEqual(hash, pbkdf2(candidate.toCharArray(), salt, iterations, hash.length));
    }

    /** The work {@link #matches} does, in PBKDF2 iterations of one block; 0 for a plain secret (one SHA-256). */
    long cost() {
        return plainDigest != null ? 0 : (long) iterations * ((hash.length + BLOCK_BYTES - 1) / BLOCK_BYTES);
    }

    /** A credential of the same kind and cost that no secret matches, to check unknown users against. */
    Credential decoy() {
        SecureRandom random = new SecureRandom();
        if (plainDigest != null) {
            byte[] digest = new byte[plainDigest.length];
            random.nextBytes(digest);
            return new Credential(digest, 0, null, null);
        }
        byte[] decoySalt = new byte[salt.length];
        byte[] decoyHash = new byte[hash.length];
        random.nextBytes(decoySalt);
        random.nextBytes(decoyHash);
        return new Credential(null, iterations, decoySalt, decoyHash);
    }

    /** Does {@code cost} iterations of PBKDF2 on the candidate and forgets the result: padding up to a dearer check. */
    static void spend(long cost, String candidate) {
        for (long left = cost; left > 0; left -= Integer.MAX_VALUE) {
            pbkdf2(candidate.toCharArray(), SPEND_SALT, (int) Math.min(left, Integer.MAX_VALUE), BLOCK_BYTES);
        }
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
