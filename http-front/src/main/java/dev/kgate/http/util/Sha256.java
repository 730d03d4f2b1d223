package dev.kgate.http.util;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * SHA-256 of bytes or of a string's UTF-8 bytes: fixed-length digests that compare in constant time whatever the
 * input.
 */
public final class Sha256 {

    private Sha256() {
    }

    public static byte[] of(String value) {
        return of(value.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] of(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
