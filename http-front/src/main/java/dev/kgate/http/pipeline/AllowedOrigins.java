package dev.kgate.http.pipeline;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The browser origins the gateway serves: exact {@code scheme://host[:port]}, or {@code *} for every one. Browsers
 * send an origin with its scheme and host in lower case and without the scheme's default port, so the configured
 * ones are kept in that form and a request's {@code Origin} is compared with it after lower-casing.
 */
final class AllowedOrigins {

    static final String ANY = "*";

    /** Applied to a lower-cased origin: scheme, then a host name, IPv4 or bracketed IPv6 address, then a port. */
    private static final Pattern ORIGIN = Pattern.compile(
            "([a-z][a-z0-9+.-]*)://([a-z0-9_-]+(?:\\.[a-z0-9_-]+)*|\\[[0-9a-f:.]+])(?::([0-9]{1,5}))?");

    static final AllowedOrigins NONE = new AllowedOrigins(Set.of(), false);

    private final Set<String> origins;
    private final boolean any;

    private AllowedOrigins(Set<String> origins, boolean any) {
        this.origins = origins;
        this.any = any;
    }

    /** @throws IllegalArgumentException naming the entry at fault and what to write instead */
    static AllowedOrigins parse(Collection<String> configured) {
        if (configured.contains(ANY)) {
            if (configured.size() > 1) {
                throw new IllegalArgumentException("'*' allows every origin: list origins or '*' alone");
            }
            return new AllowedOrigins(Set.of(), true);
        }
        return new AllowedOrigins(configured.stream().map(AllowedOrigins::canonical)
                .collect(Collectors.toUnmodifiableSet()), false);
    }

    private static String canonical(String origin) {
        String lower = origin.trim().toLowerCase(Locale.ROOT);
        if (lower.equals("null")) {
            throw new IllegalArgumentException("'null' is the origin of sandboxed frames and file:// pages, which"
                    + " any site can open: it cannot be allowed");
        }
        if (lower.contains("*")) {
            throw new IllegalArgumentException("'" + origin + "': patterns are not supported, list each origin");
        }
        Matcher matcher = ORIGIN.matcher(lower);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + origin + "' is not an origin: write scheme://host[:port], with"
                    + " no path (not even '/'), no user and an internationalized host in its xn-- form");
        }
        String scheme = matcher.group(1);
        String port = matcher.group(3);
        if (port == null) {
            return lower;
        }
        int number = Integer.parseInt(port);
        if (number < 1 || number > 65535) {
            throw new IllegalArgumentException("'" + origin + "': the port must be 1 to 65535");
        }
        boolean defaultPort = scheme.equals("http") && number == 80 || scheme.equals("https") && number == 443;
        return scheme + "://" + matcher.group(2) + (defaultPort ? "" : ":" + number);
    }

    boolean any() {
        return any;
    }

    /**
     * @return the value of {@code Access-Control-Allow-Origin} for this {@code Origin}: {@code *} when every origin
     * is allowed, else the configured origin it names (never the request's own bytes); null when it is not allowed
     */
    String match(String origin) {
        if (any) {
            return ANY;
        }
        String lower = origin.toLowerCase(Locale.ROOT);
        return origins.contains(lower) ? lower : null;
    }
}
