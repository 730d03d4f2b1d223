package dev.kgate.http.access;

import dev.kgate.http.util.Sha256;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Long-lived keys for tools that cannot log in (webhooks, ETL tools), from {@code auth.api.keys}: entries
 * {@code name=sha256:<digest>}, the digest being the base64url SHA-256 of the key. Only digests are configured, so the
 * config (and Connect's REST API, which shows it) never holds a usable key. A key is 256 random bits, so one unsalted
 * SHA-256 is as strong as any hash here, and cheap enough to check on every request. A key is revoked by removing its
 * entry.
 */
public final class ApiKeys {

    /** Every key starts so: a Bearer credential with it is a key, not a token, and a leaked key is easy to grep for. */
    public static final String PREFIX = "kgk_";
    private static final String DIGEST_PREFIX = "sha256:";
    private static final int KEY_BYTES = 32;

    private record Key(String name, byte[] digest) {
    }

    private final List<Key> keys;

    private ApiKeys(List<Key> keys) {
        this.keys = keys;
    }

    public static ApiKeys none() {
        return new ApiKeys(List.of());
    }

    /** @throws IllegalArgumentException naming the first malformed entry (never showing a digest) */
    public static ApiKeys parse(List<String> entries) {
        List<Key> keys = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String entry : entries) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            String name = equals > 0 ? trimmed.substring(0, equals).trim() : "";
            if (name.isEmpty()) {
                throw new IllegalArgumentException("an API key entry is not name=" + DIGEST_PREFIX + "<digest>");
            }
            String digest = trimmed.substring(equals + 1).trim();
            if (digest.startsWith(PREFIX)) {
                throw new IllegalArgumentException("API key '" + name + "' is configured as the key itself: configure"
                        + " its digest (" + DIGEST_PREFIX + "...) instead; see ApiKeys' main");
            }
            byte[] decoded;
            try {
                decoded = digest.startsWith(DIGEST_PREFIX)
                        ? Base64.getUrlDecoder().decode(digest.substring(DIGEST_PREFIX.length())) : new byte[0];
            } catch (IllegalArgumentException e) {
                decoded = new byte[0];
            }
            if (decoded.length != 32) {
                throw new IllegalArgumentException("API key '" + name + "' needs " + DIGEST_PREFIX
                        + "<base64url SHA-256 of the key>");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("API key name '" + name + "' is configured twice");
            }
            keys.add(new Key(name, decoded));
        }
        return new ApiKeys(List.copyOf(keys));
    }

    public static boolean looksLikeKey(String credential) {
        return credential != null && credential.startsWith(PREFIX);
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    public Set<String> names() {
        Set<String> names = new HashSet<>();
        keys.forEach(key -> names.add(key.name()));
        return names;
    }

    /**
     * Compares the key's digest with every configured one in constant time, so the time taken says nothing about
     * which key, if any, nearly matched.
     *
     * @return the key's name, or null when no configured key matches
     */
    public String nameOf(String presented) {
        byte[] digest = Sha256.of(presented);
        String found = null;
        for (Key key : keys) {
            if (MessageDigest.isEqual(key.digest(), digest)) {
                found = key.name();
            }
        }
        return found;
    }

    /** A new random key, and the entry that configures it. */
    public static String[] generate(String name) {
        byte[] random = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(random);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        return new String[]{key, entryFor(name, key)};
    }

    /** The {@code auth.api.keys} entry for a key. */
    public static String entryFor(String name, String key) {
        return name + "=" + DIGEST_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(Sha256.of(key));
    }


    /** Prints a new key (give it to the tool) and its entry (put it in {@code auth.api.keys}): {@code ApiKeys <name>}. */
    public static void main(String[] args) {
        if (args.length != 1 || args[0].isBlank() || args[0].contains("=") || args[0].contains(",")) {
            System.err.println("usage: ApiKeys <name>   (the name grants refer to; no '=' or ',')");
            System.exit(2);
        }
        String[] generated = generate(args[0]);
        System.out.println("key:   " + generated[0]);
        System.out.println("entry: " + generated[1]);
    }
}
